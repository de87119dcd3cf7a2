package dev.handmade.audit.chain;

import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.avro.AvroObjectReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The rules of the audit log's hash chain, shared by the writer that seals files and the
 * verifier that checks them.
 *
 * <p>Every record carries {@value #RECORD_FIELD}: the hex SHA-256 of the previous record's hash
 * (the previous file's last one across a file boundary; {@link #GENESIS} at the very start)
 * followed by the record's Avro binary encoding, under the file's own schema, with that field
 * null. Every file's header says where it sits in the chain: its position (0, 1, 2, ...), the
 * key it was written under, the key and last hash of the file before it, its own last hash and
 * its record count. So a removed, inserted, reordered or altered record breaks the record hashes;
 * a removed file leaves a gap in positions that the next file's header names; swapped or renamed
 * files sit under keys their headers do not name; an altered header no longer matches its records
 * or its neighbours.
 *
 * <p>One writer extends one chain: the sink that writes the audit log runs with parallelism 1.
 */
public final class HashChain {

  /** The hash before the first record. */
  public static final String GENESIS = "0".repeat(64);

  /** The record field that holds a record's chain hash: a nullable string. */
  public static final String RECORD_FIELD = "chainHash";

  static final String META_POSITION = "handmade.chain.position";
  static final String META_KEY = "handmade.chain.key";
  static final String META_PREVIOUS_KEY = "handmade.chain.previous.key";
  static final String META_PREVIOUS_HASH = "handmade.chain.previous.hash";
  static final String META_HASH = "handmade.chain.hash";
  static final String META_RECORDS = "handmade.chain.records";

  private HashChain() {}

  /**
   * The end of the chain so far, which the next file links to.
   *
   * @param nextPosition the position the next file takes
   * @param lastKey the key of the last file, empty before the first
   * @param lastHash the chain hash of the last record, {@link #GENESIS} before the first
   */
  public record Link(long nextPosition, String lastKey, String lastHash) implements Serializable {

    public Link {
      Objects.requireNonNull(lastKey, "lastKey");
      Objects.requireNonNull(lastHash, "lastHash");
    }

    /** Before the first file. */
    public static Link start() {
      return new Link(0, "", GENESIS);
    }
  }

  /** A sealed file's bytes, ready to upload under the key it was sealed for. */
  public record SealedFile(byte[] bytes, long records, Link next) {}

  /** Null when {@code schema} can carry a chain hash, else what is missing. */
  public static String checkSchema(Schema schema) {
    Schema.Field field = schema.getField(RECORD_FIELD);
    if (field == null) {
      return schema.getFullName() + " has no field '" + RECORD_FIELD + "'";
    }
    Schema type = field.schema();
    boolean nullableString =
        type.isNullable()
            && type.getType() == Schema.Type.UNION
            && type.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.STRING);
    return nullableString
        ? null
        : schema.getFullName() + "." + RECORD_FIELD + " must be a nullable string, is " + type;
  }

  /**
   * Writes {@code records} as one Avro container file that follows {@code previous} in the chain
   * and will be stored under {@code key}, setting each record's chain hash on the way (the
   * records are modified).
   */
  public static <T extends SpecificRecord> SealedFile seal(
      List<T> records, Schema schema, String key, Link previous, CodecFactory codec) {
    String problem = checkSchema(schema);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    int field = schema.getField(RECORD_FIELD).pos();
    SpecificDatumWriter<T> datumWriter = new SpecificDatumWriter<>(schema);
    String hash = previous.lastHash();
    for (T record : records) {
      record.put(field, null);
      hash = recordHash(hash, encode(record, datumWriter));
      record.put(field, hash);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try (DataFileWriter<T> file = new DataFileWriter<>(datumWriter).setCodec(codec)) {
      file.setMeta(META_POSITION, previous.nextPosition());
      file.setMeta(META_KEY, key);
      file.setMeta(META_PREVIOUS_KEY, previous.lastKey());
      file.setMeta(META_PREVIOUS_HASH, previous.lastHash());
      file.setMeta(META_HASH, hash);
      file.setMeta(META_RECORDS, records.size());
      file.create(schema, out);
      for (T record : records) {
        file.append(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + key + " in memory", e);
    }
    return new SealedFile(
        out.toByteArray(), records.size(), new Link(previous.nextPosition() + 1, key, hash));
  }

  /**
   * Where a writer that starts without state continues the chain under {@code prefix}: after the
   * committed file with the highest position, from file headers alone; {@link Link#start()} when
   * there is none.
   */
  public static Link head(ObjectStore store, String prefix) {
    Link head = Link.start();
    for (String key : AvroObjectReader.committedKeys(store, prefix)) {
      Link after = linkAfter(store, key);
      if (after != null && after.nextPosition() > head.nextPosition()) {
        head = after;
      }
    }
    return head;
  }

  /** The link after one file, from its header; null for a file outside the chain. */
  static Link linkAfter(ObjectStore store, String key) {
    ChainHeader header = ChainHeader.read(store, key);
    return header == null ? null : new Link(header.position() + 1, header.key(), header.hash());
  }

  /** SHA-256 of the previous hash (as hex text) followed by the record's bytes, in hex. */
  public static String recordHash(String previousHash, byte[] recordBytes) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(previousHash.getBytes(StandardCharsets.US_ASCII));
      sha.update(recordBytes);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** A record read back under its file's schema, with its chain hash cleared, as hashed. */
  static byte[] encodeForHash(GenericRecord record, Schema writerSchema) {
    Object stored = record.get(RECORD_FIELD);
    record.put(RECORD_FIELD, null);
    try {
      return encode(record, new GenericDatumWriter<>(writerSchema));
    } finally {
      record.put(RECORD_FIELD, stored);
    }
  }

  private static <R> byte[] encode(R record, org.apache.avro.io.DatumWriter<R> writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode a record in memory", e);
    }
    return bytes.toByteArray();
  }
}
