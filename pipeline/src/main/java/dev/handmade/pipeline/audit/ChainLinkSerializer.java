package dev.handmade.pipeline.audit;

import dev.handmade.audit.chain.HashChain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The sink writer's checkpointed state: the end of its hash chain, or nothing for a sink that keeps
 * no chain. Version 1 held nothing; version 2 holds the link, or no bytes.
 */
final class ChainLinkSerializer implements SimpleVersionedSerializer<HashChain.Link> {
  static final ChainLinkSerializer INSTANCE = new ChainLinkSerializer();

  @Override
  public int getVersion() {
    return 2;
  }

  @Override
  public byte[] serialize(HashChain.Link link) throws IOException {
    if (link == null) {
      return new byte[0];
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(link.nextPosition());
      out.writeUTF(link.lastKey());
      out.writeUTF(link.lastHash());
    }
    return bytes.toByteArray();
  }

  @Override
  public HashChain.Link deserialize(int version, byte[] serialized) throws IOException {
    if (version == 1 || serialized.length == 0) {
      return null;
    }
    if (version != 2) {
      throw new IOException("unknown writer state version " + version);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      return new HashChain.Link(in.readLong(), in.readUTF(), in.readUTF());
    }
  }
}
