package dev.handmade.pipeline.source.feed.split;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Version 1: the cursor as a long. */
public final class FeedSplitSerializer implements SimpleVersionedSerializer<FeedSplit> {

  public static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(FeedSplit split) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(8);
    out.writeLong(split.cursor());
    return out.getCopyOfBuffer();
  }

  @Override
  public FeedSplit deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException(
          "feed split of serializer version " + version + "; this build reads " + VERSION);
    }
    DataInputDeserializer in = new DataInputDeserializer(serialized);
    FeedSplit split = new FeedSplit(in.readLong());
    if (in.available() != 0) {
      throw new IOException("feed split has " + in.available() + " bytes left over");
    }
    return split;
  }
}
