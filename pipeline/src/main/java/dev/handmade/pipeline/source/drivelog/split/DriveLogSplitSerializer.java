package dev.handmade.pipeline.source.drivelog.split;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Splits travel from the enumerator to readers and live in checkpoints of both.
 *
 * <p>Version 1: key (modified UTF-8; S3 keys are at most 1,024 bytes), offset.
 */
public final class DriveLogSplitSerializer implements SimpleVersionedSerializer<DriveLogSplit> {

  public static final DriveLogSplitSerializer INSTANCE = new DriveLogSplitSerializer();

  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(DriveLogSplit split) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(split, out);
    }
    return bytes.toByteArray();
  }

  @Override
  public DriveLogSplit deserialize(int version, byte[] serialized) throws IOException {
    checkVersion(version);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      return read(in);
    }
  }

  /** Version 1's fields, for formats that embed splits. */
  public static void write(DriveLogSplit split, DataOutputStream out) throws IOException {
    out.writeUTF(split.key());
    out.writeLong(split.offset());
  }

  /** Reads what {@link #write} wrote. */
  public static DriveLogSplit read(DataInputStream in) throws IOException {
    return new DriveLogSplit(in.readUTF(), in.readLong());
  }

  private static void checkVersion(int version) throws IOException {
    if (version != VERSION) {
      throw new IOException(
          "unknown drive-log split version " + version + "; this build reads version " + VERSION);
    }
  }
}
