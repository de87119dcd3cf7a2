package dev.handmade.pipeline.sink.objectstore;

import dev.handmade.storage.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collection;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Files as Avro writes them, linked to nothing: records are encoded into the container as they
 * come, and the writer keeps no state (it takes part in snapshots only to learn the checkpoint
 * id its next files are named after).
 */
public final class PlainFiles implements FileSealer<Void> {

  private static final long serialVersionUID = 1L;

  @Override
  public Void start(Collection<Void> restored, ObjectStore store, String prefix, int parallelism) {
    return null;
  }

  @Override
  public <T extends SpecificRecord> OpenFile<T, Void> open(
      Class<T> recordClass, Schema schema, CodecFactory codec) throws IOException {
    return new StreamedFile<>(schema, new SpecificDatumWriter<>(recordClass), codec);
  }

  @Override
  public SimpleVersionedSerializer<Void> stateSerializer() {
    return NoState.INSTANCE;
  }

  /** Written into an Avro container in memory as records come. */
  private static final class StreamedFile<T> implements OpenFile<T, Void> {
    final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
    final DataFileWriter<T> writer;
    long records;

    StreamedFile(Schema schema, SpecificDatumWriter<T> datumWriter, CodecFactory codec)
        throws IOException {
      this.writer = new DataFileWriter<>(datumWriter).setCodec(codec);
      writer.create(schema, buffer);
    }

    @Override
    public void append(T record) throws IOException {
      writer.append(record);
      records++;
    }

    @Override
    public long records() {
      return records;
    }

    /** What has reached the buffer; the block being filled (under 64 KB) is not counted. */
    @Override
    public long bytes() {
      return buffer.size();
    }

    @Override
    public Sealed<Void> seal(String key, Void state) throws IOException {
      writer.close();
      return new Sealed<>(buffer.toByteArray(), null);
    }
  }

  /**
   * Never asked to write anything, since the writer snapshots no state. Versions as when plain
   * sinks shared the chain's serializer, whose state they ignored.
   */
  private enum NoState implements SimpleVersionedSerializer<Void> {
    INSTANCE;

    @Override
    public int getVersion() {
      return 2;
    }

    @Override
    public byte[] serialize(Void nothing) {
      return new byte[0];
    }

    @Override
    public Void deserialize(int version, byte[] serialized) throws IOException {
      if (version != 1 && version != 2) {
        throw new IOException("unknown writer state version " + version);
      }
      return null;
    }
  }
}
