package dev.handmade.pipeline.sink.objectstore;

import dev.handmade.storage.ObjectStore;
import java.io.IOException;
import java.io.Serializable;
import java.util.Collection;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * How {@link AvroObjectSink} turns the records of one file into the bytes it uploads, and what
 * it carries from one file to the next: the writer's state, checkpointed with the writer.
 * {@link PlainFiles} writes files as Avro does and carries nothing; a sealer that links files
 * to each other keeps the link in its state, so the sink itself knows nothing of the link.
 *
 * @param <S> the state carried from file to file; null for a sealer that keeps none
 */
public interface FileSealer<S> extends Serializable {

  /** What this sealer cannot work with in the record schema, in words; null when nothing. */
  default String checkSchema(Schema schema) {
    return null;
  }

  /**
   * The state a writer's first file follows: the newest of {@code restored} (a rescaled job
   * hands one writer several), or, when no checkpoint holds one, what the files already
   * committed under {@code prefix} say.
   *
   * @throws IllegalStateException when the sealer cannot work at this parallelism
   */
  S start(Collection<S> restored, ObjectStore store, String prefix, int parallelism);

  /** An empty file of one partition. */
  <T extends SpecificRecord> OpenFile<T, S> open(
      Class<T> recordClass, Schema schema, CodecFactory codec) throws IOException;

  SimpleVersionedSerializer<S> stateSerializer();

  /** The records of one partition since its last upload. */
  interface OpenFile<T, S> {

    /** Takes what it needs of the record now: the caller may reuse it after this call. */
    void append(T record) throws IOException;

    long records();

    /** What the file holds so far, roughly, to keep it under the size limit. */
    long bytes();

    /** The file as it will be stored under {@code key}, following {@code state}; called once. */
    Sealed<S> seal(String key, S state) throws IOException;
  }

  /** A file's bytes, and the state the next file follows. */
  record Sealed<S>(byte[] bytes, S next) {}
}
