package dev.handmade.audit.chain;

import dev.handmade.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Where a file sits in the hash chain, as its Avro header says (see {@link HashChain}).
 *
 * @param key the key the file was written under
 * @param previousKey the key of the file before it, empty for the first
 * @param previousHash the chain hash the file's first record follows
 * @param hash the chain hash of its last record
 */
public record ChainHeader(
    long position, String key, String previousKey, String previousHash, String hash, long records) {

  /**
   * The header of a stored file, read without its records; null for a file outside the chain or
   * one that cannot be read as Avro.
   */
  public static ChainHeader read(ObjectStore store, String key) {
    try (InputStream in = store.openStream(key);
        DataFileStream<GenericRecord> file = new DataFileStream<>(in, new GenericDatumReader<>())) {
      return of(file);
    } catch (IOException | AvroRuntimeException e) {
      return null;
    }
  }

  /** The header of an open file; null when it carries none or a garbled one. */
  static ChainHeader of(DataFileStream<?> file) {
    String position = file.getMetaString(HashChain.META_POSITION);
    String records = file.getMetaString(HashChain.META_RECORDS);
    String key = file.getMetaString(HashChain.META_KEY);
    String previousKey = file.getMetaString(HashChain.META_PREVIOUS_KEY);
    String previousHash = file.getMetaString(HashChain.META_PREVIOUS_HASH);
    String hash = file.getMetaString(HashChain.META_HASH);
    if (position == null
        || records == null
        || key == null
        || previousKey == null
        || previousHash == null
        || hash == null) {
      return null;
    }
    try {
      return new ChainHeader(
          Long.parseLong(position), key, previousKey, previousHash, hash, Long.parseLong(records));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
