package dev.handmade.pipeline.source.drivelog.enumerator;

import dev.handmade.pipeline.source.drivelog.split.DriveLogSplit;
import dev.handmade.pipeline.source.drivelog.split.DriveLogSplitSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The enumerator's checkpoint. Version 1: the number of discovered keys and the keys in sorted
 * order (modified UTF-8), then the number of unassigned splits and each split as {@link
 * DriveLogSplitSerializer} version 1 writes it.
 */
public final class DriveLogEnumeratorStateSerializer
    implements SimpleVersionedSerializer<DriveLogEnumeratorState> {

  public static final DriveLogEnumeratorStateSerializer INSTANCE =
      new DriveLogEnumeratorStateSerializer();

  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(DriveLogEnumeratorState state) throws IOException {
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(64 * (state.discoveredKeys().size() + 1));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(state.discoveredKeys().size());
      for (String key : state.discoveredKeys()) {
        out.writeUTF(key);
      }
      out.writeInt(state.unassigned().size());
      for (DriveLogSplit split : state.unassigned()) {
        DriveLogSplitSerializer.write(split, out);
      }
    }
    return bytes.toByteArray();
  }

  @Override
  public DriveLogEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException(
          "unknown drive-log enumerator state version "
              + version
              + "; this build reads version "
              + VERSION);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      TreeSet<String> keys = new TreeSet<>();
      for (int i = in.readInt(); i > 0; i--) {
        keys.add(in.readUTF());
      }
      List<DriveLogSplit> unassigned = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        unassigned.add(DriveLogSplitSerializer.read(in));
      }
      return new DriveLogEnumeratorState(keys, unassigned);
    }
  }
}
