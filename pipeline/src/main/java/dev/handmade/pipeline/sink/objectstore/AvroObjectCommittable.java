package dev.handmade.pipeline.sink.objectstore;

import java.util.Objects;

/**
 * One Avro file uploaded but not yet visible: the committer copies {@code pendingKey} to {@code
 * finalKey} once the checkpoint that produced it has completed.
 *
 * @param records how many records the file holds, for metrics and reports
 * @param bytes the file's size; the committer compares it with the final object to tell an
 *     earlier commit of this file from a foreign object under the same key
 */
public record AvroObjectCommittable(String pendingKey, String finalKey, long records, long bytes) {

  public AvroObjectCommittable {
    Objects.requireNonNull(pendingKey, "pendingKey");
    Objects.requireNonNull(finalKey, "finalKey");
    if (records < 0 || bytes < 0) {
      throw new IllegalArgumentException(
          "records and bytes must not be negative, were " + records + " and " + bytes);
    }
  }
}
