package dev.handmade.infra.cluster;

import dev.handmade.pipeline.job.HandmadeJobMain;
import dev.handmade.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Handmade job on a Flink cluster, submitted as a team submits it: the job jar uploaded
 * through the REST API and run with the job's options as {@code --key value} arguments.
 */
public final class RemoteJob {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteJob.class);

  /** Where, inside the bucket, the job's checkpoints go when the stack submits it. */
  public static final String CHECKPOINTS_PREFIX = "checkpoints/";

  private final FlinkRestClient rest;
  private final String jobId;

  private RemoteJob(FlinkRestClient rest, String jobId) {
    this.rest = rest;
    this.jobId = jobId;
  }

  /**
   * Uploads {@code jobJar} and runs it.
   *
   * @param options the job's options (Handmade's and Flink's keys)
   * @param restoreFrom a retained checkpoint or savepoint to resume from
   */
  public static RemoteJob submit(
      FlinkRestClient rest,
      Path jobJar,
      Map<String, String> options,
      int parallelism,
      Optional<String> restoreFrom)
      throws IOException {
    String jarId = rest.uploadJar(jobJar);
    List<String> args = new ArrayList<>();
    options.forEach(
        (key, value) -> {
          args.add("--" + key);
          args.add(value);
        });
    String jobId =
        rest.runJar(jarId, HandmadeJobMain.class.getName(), args, parallelism, restoreFrom);
    LOG.info(
        "job {} runs on the cluster at {}{}",
        jobId,
        rest.base(),
        restoreFrom.map(p -> ", restored from " + p).orElse(""));
    return new RemoteJob(rest, jobId);
  }

  public String jobId() {
    return jobId;
  }

  public String state() throws IOException {
    return rest.jobState(jobId);
  }

  /** Cancels the job; its last checkpoint is retained for the next start. */
  public void cancel() throws IOException {
    rest.cancel(jobId);
  }

  /**
   * The newest retained checkpoint under {@code prefix} in the bucket, as the {@code s3://} path
   * Flink restores from: the folder of the {@code _metadata} object written last.
   */
  public static Optional<String> latestCheckpoint(ObjectStore store, String prefix) {
    return store.list(prefix).stream()
        .filter(key -> key.endsWith("/_metadata"))
        .map(key -> Map.entry(key, store.lastModified(key).orElse(Instant.EPOCH)))
        .max(Comparator.comparing(Map.Entry::getValue))
        .map(
            e ->
                "s3://"
                    + store.bucket()
                    + "/"
                    + e.getKey().substring(0, e.getKey().length() - "/_metadata".length()));
  }
}
