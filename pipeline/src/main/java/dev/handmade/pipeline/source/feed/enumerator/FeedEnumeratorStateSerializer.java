package dev.handmade.pipeline.source.feed.enumerator;

import dev.handmade.pipeline.source.feed.split.FeedSplit;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Version 1: a boolean "has an unassigned split", then its cursor. */
public final class FeedEnumeratorStateSerializer
    implements SimpleVersionedSerializer<FeedEnumeratorState> {

  public static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(FeedEnumeratorState state) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(9);
    out.writeBoolean(state.unassigned() != null);
    if (state.unassigned() != null) {
      out.writeLong(state.unassigned().cursor());
    }
    return out.getCopyOfBuffer();
  }

  @Override
  public FeedEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException(
          "feed enumerator state of serializer version "
              + version
              + "; this build reads "
              + VERSION);
    }
    DataInputDeserializer in = new DataInputDeserializer(serialized);
    FeedSplit unassigned = in.readBoolean() ? new FeedSplit(in.readLong()) : null;
    if (in.available() != 0) {
      throw new IOException("feed enumerator state has " + in.available() + " bytes left over");
    }
    return new FeedEnumeratorState(unassigned);
  }
}
