package dev.handmade.pipeline.sink.objectstore;

import java.util.Locale;

/**
 * The object keys of a sink's files.
 *
 * <pre>
 * prefix/_pending/jobId/subtask-sequence-n.avro                  uploaded, not yet committed
 * prefix/partition/part-subtask-sequence-n-jobId.avro             committed
 * </pre>
 *
 * <p>The sequence is the id of the checkpoint before the one that commits the file, plus one, so
 * it grows with every commit of a subtask and restarts above the restored checkpoint after a
 * failure; n counts the files of one subtask and sequence. Numbers are zero-padded so that the
 * names of one subtask sort in the order they were written. The job id keeps a job submitted
 * afresh (its checkpoints count from 1 again) from overwriting files of an earlier run.
 */
final class PartNames {

  static final String PENDING_FOLDER = "_pending";

  private PartNames() {}

  static String pendingFolder(String prefix, String jobId) {
    return prefix + "/" + PENDING_FOLDER + "/" + jobId + "/";
  }

  static String pendingKey(String prefix, String jobId, int subtask, long sequence, int n) {
    return pendingFolder(prefix, jobId)
        + String.format(Locale.ROOT, "%05d-%010d-%04d.avro", subtask, sequence, n);
  }

  static String finalKey(
      String prefix, String partition, String jobId, int subtask, long sequence, int n) {
    return prefix
        + "/"
        + partition
        + "/"
        + String.format(Locale.ROOT, "part-%05d-%010d-%04d-%s.avro", subtask, sequence, n, jobId);
  }

  /**
   * The subtask and sequence of a pending key's file name, or null for a name this sink did not
   * write.
   */
  static long[] parsePending(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    if (!name.endsWith(".avro")) {
      return null;
    }
    String[] parts = name.substring(0, name.length() - ".avro".length()).split("-");
    if (parts.length != 3) {
      return null;
    }
    try {
      return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Null when the partition is usable in a key, else what is wrong with it. */
  static String checkPartition(String partition) {
    if (partition == null || partition.isEmpty()) {
      return "is empty";
    }
    for (String segment : partition.split("/", -1)) {
      if (segment.isEmpty()) {
        return "has an empty segment";
      }
      if (segment.startsWith("_") || segment.startsWith(".")) {
        return "has a segment starting with '_' or '.', which readers skip as hidden";
      }
    }
    return null;
  }
}
