package dev.handmade.model.kitti;

import dev.handmade.schema.Frame;
import dev.handmade.storage.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Writes frames as drive logs: Avro container files of {@link Frame}, the writer schema exactly
 * {@code Frame}'s, under {@code drive-logs/} in object storage, where the pipeline's drive-log
 * source picks them up.
 */
public final class DriveLogWriter implements FrameSink {

  public static final String PREFIX = "drive-logs/";

  private final ObjectStore store;

  public DriveLogWriter(ObjectStore store) {
    this.store = store;
  }

  /** Writes (or replaces) {@code drive-logs/<logName>.avro}, so importing again does not duplicate frames. */
  @Override
  public String write(String logName, List<Frame> frames) {
    String key = PREFIX + logName + ".avro";
    store.putBytes(key, encode(frames));
    return key;
  }

  /** An Avro container file of the frames. */
  public static byte[] encode(List<Frame> frames) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataFileWriter<Frame> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(Frame.class))) {
      // deflate ships with Avro itself: readers need no native codec library
      writer.setCodec(CodecFactory.deflateCodec(6));
      writer.create(Frame.getClassSchema(), bytes);
      for (Frame frame : frames) {
        writer.append(frame);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("encoding " + frames.size() + " frames as Avro failed", e);
    }
    return bytes.toByteArray();
  }
}
