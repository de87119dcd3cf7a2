package dev.handmade.storage.avro;

import dev.handmade.storage.ObjectKeys;
import dev.handmade.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads what the pipeline's Avro object sink committed: every Avro file under a prefix, in key order,
 * leaving out pending files and anything else in a folder or file whose name starts with '_' or
 * '.'. Files written with an older version of the schema are read into the current one.
 */
public final class AvroObjectReader<T extends SpecificRecord> {

  private final ObjectStore store;
  private final Class<T> recordClass;

  private AvroObjectReader(ObjectStore store, Class<T> recordClass) {
    this.store = store;
    this.recordClass = recordClass;
  }

  /** A reader over {@code store}, which the caller keeps and closes. */
  public static <T extends SpecificRecord> AvroObjectReader<T> of(
      ObjectStore store, Class<T> recordClass) {
    return new AvroObjectReader<>(
        Objects.requireNonNull(store, "store"), Objects.requireNonNull(recordClass, "recordClass"));
  }

  /** The committed files under the prefix ("audit/" or "audit/dt=2026-11-29/"), sorted. */
  public List<String> committedKeys(String prefix) {
    return committedKeys(store, prefix);
  }

  /** The committed Avro files under the prefix in {@code store}, whatever their schema, sorted. */
  public static List<String> committedKeys(ObjectStore store, String prefix) {
    String normalized = ObjectKeys.normalizePrefix(prefix);
    String listed = normalized.isEmpty() ? "" : normalized + "/";
    List<String> keys = new ArrayList<>();
    for (String key : store.list(listed)) {
      if (!ObjectKeys.isHidden(normalized, key) && key.endsWith(".avro")) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** As {@link #committedKeys(ObjectStore, String)}, with each file's size and entity tag. */
  public static List<ObjectStore.Listed> committedObjects(ObjectStore store, String prefix) {
    String normalized = ObjectKeys.normalizePrefix(prefix);
    String listed = normalized.isEmpty() ? "" : normalized + "/";
    List<ObjectStore.Listed> objects = new ArrayList<>();
    for (ObjectStore.Listed object : store.listObjects(listed)) {
      if (!ObjectKeys.isHidden(normalized, object.key()) && object.key().endsWith(".avro")) {
        objects.add(object);
      }
    }
    return objects;
  }

  /** Every committed record under the prefix, file by file in key order. */
  public List<T> readAll(String prefix) {
    List<T> records = new ArrayList<>();
    for (String key : committedKeys(prefix)) {
      read(key, records::add);
    }
    return records;
  }

  /** The records of one file, streamed. */
  public void read(String key, Consumer<? super T> consumer) {
    try (InputStream in = store.openStream(key);
        DataFileStream<T> file = new DataFileStream<>(in, new SpecificDatumReader<>(recordClass))) {
      while (file.hasNext()) {
        consumer.accept(file.next());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not read "
              + key
              + " in bucket '"
              + store.bucket()
              + "' as Avro "
              + recordClass.getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
