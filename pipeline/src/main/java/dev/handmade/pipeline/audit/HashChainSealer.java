package dev.handmade.pipeline.audit;

import dev.handmade.audit.chain.HashChain;
import dev.handmade.pipeline.sink.objectstore.FileSealer;
import dev.handmade.storage.ObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Seals every file into one {@link HashChain}: each record's {@code chainHash} field is set, and
 * each file's header links to the file before it, so that removing, reordering or altering
 * anything can be detected. The record must have a nullable string field {@code chainHash}, and
 * the sink must run with parallelism 1: one writer, one chain. The writer carries the chain's
 * end in its checkpointed state; one that starts without state continues after the last
 * committed file under the prefix.
 */
public final class HashChainSealer implements FileSealer<HashChain.Link> {

  private static final long serialVersionUID = 1L;

  @Override
  public String checkSchema(Schema schema) {
    String problem = HashChain.checkSchema(schema);
    return problem == null ? null : "a hash-chained sink needs a chain hash field: " + problem;
  }

  @Override
  public HashChain.Link start(
      Collection<HashChain.Link> restored, ObjectStore store, String prefix, int parallelism) {
    if (parallelism != 1) {
      throw new IllegalStateException(
          "the hash-chained sink under '"
              + prefix
              + "/' runs with"
              + " parallelism "
              + parallelism
              + "; one chain needs one writer: set it to 1");
    }
    HashChain.Link end = null;
    for (HashChain.Link link : restored) {
      if (link != null && (end == null || link.nextPosition() > end.nextPosition())) {
        end = link;
      }
    }
    // without state (a new job, or a state from before chaining) the chain goes on after the
    // last committed file, so a job submitted afresh does not start a second chain
    return end != null ? end : HashChain.head(store, prefix);
  }

  @Override
  public <T extends SpecificRecord> OpenFile<T, HashChain.Link> open(
      Class<T> recordClass, Schema schema, CodecFactory codec) {
    return new ChainedFile<>(schema, codec);
  }

  @Override
  public SimpleVersionedSerializer<HashChain.Link> stateSerializer() {
    return ChainLinkSerializer.INSTANCE;
  }

  /**
   * Kept as records until the upload: a file's chain hashes and header depend on the key and
   * the chain position it gets then.
   */
  private static final class ChainedFile<T extends SpecificRecord>
      implements OpenFile<T, HashChain.Link> {
    final SpecificData data;
    final Schema schema;
    final CodecFactory codec;
    final List<T> records = new ArrayList<>();
    final EncodedSize size;

    ChainedFile(Schema schema, CodecFactory codec) {
      this.schema = schema;
      this.codec = codec;
      this.data = SpecificData.getForSchema(schema);
      this.size = new EncodedSize(schema);
    }

    @Override
    public void append(T record) throws IOException {
      // copied, so a record reused by the caller after this call is no concern
      records.add(data.deepCopy(schema, record));
      size.add(record);
    }

    @Override
    public long records() {
      return records.size();
    }

    @Override
    public long bytes() {
      return size.total;
    }

    @Override
    public Sealed<HashChain.Link> seal(String key, HashChain.Link previous) {
      HashChain.SealedFile sealed = HashChain.seal(records, schema, key, previous, codec);
      return new Sealed<>(sealed.bytes(), sealed.next());
    }
  }

  /** Counts the bytes records encode to, without keeping them. */
  private static final class EncodedSize {
    final SpecificDatumWriter<Object> writer;
    final CountingStream counter = new CountingStream();
    final BinaryEncoder encoder;
    long total;

    EncodedSize(Schema schema) {
      this.writer = new SpecificDatumWriter<>(schema);
      this.encoder = EncoderFactory.get().directBinaryEncoder(counter, null);
    }

    void add(Object record) throws IOException {
      writer.write(record, encoder);
      total = counter.count;
    }
  }

  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
