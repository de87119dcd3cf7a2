package dev.handmade.pipeline.sink.objectstore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Committables live in the committer's checkpointed state until they are committed, possibly
 * across a Flink upgrade or a restart from an old savepoint: the format is versioned, and every
 * version ever written must stay readable.
 *
 * <p>Version 1: pending key, final key (modified UTF-8; S3 keys are at most 1,024 bytes), record
 * count, byte count.
 */
public final class AvroObjectCommittableSerializer
    implements SimpleVersionedSerializer<AvroObjectCommittable> {

  public static final AvroObjectCommittableSerializer INSTANCE =
      new AvroObjectCommittableSerializer();

  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(AvroObjectCommittable committable) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(committable.pendingKey());
      out.writeUTF(committable.finalKey());
      out.writeLong(committable.records());
      out.writeLong(committable.bytes());
    }
    return bytes.toByteArray();
  }

  @Override
  public AvroObjectCommittable deserialize(int version, byte[] serialized) throws IOException {
    if (version != 1) {
      throw new IOException(
          "unknown committable version " + version + "; this build reads version " + VERSION);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      return new AvroObjectCommittable(in.readUTF(), in.readUTF(), in.readLong(), in.readLong());
    }
  }
}
