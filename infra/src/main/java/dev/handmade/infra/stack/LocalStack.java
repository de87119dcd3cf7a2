package dev.handmade.infra.stack;

import dev.handmade.storage.ObjectStore;
import java.nio.file.Files;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole loop in this process: an S3 server on the data folder (unless an external one is
 * given), the labelling service on its embedded PostgreSQL (unless an external one is given), the
 * Flink job on a MiniCluster (or submitted to a Flink cluster through its REST API), and simulated
 * labellers. Everything it keeps is under the data folder, so starting it again resumes where it
 * stopped: the registry and audit log in {@code s3/}, tasks and pay in {@code labelling-db/}, the
 * job's state in the last retained checkpoint under {@code flink/checkpoints/}, the stack's account
 * tokens (admin, pipeline, auditor) and the key of labellers' pseudonyms in audit reports in
 * {@code tokens.properties}. The labelling service it starts reads the audit log from the same
 * store for its auditor's page.
 *
 * <p>Each part has its own class ({@link StackSecrets}, {@link StackObjectStore}, {@link
 * StackService}, {@link StackJob}, {@link SimulatedCrowd}); this one starts them in order, each
 * from what the ones before it give, and stops them in the reverse order.
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  private final StackObjectStore objectStore;
  private final StackService service;
  private final StackJob job;
  private final SimulatedCrowd crowd;

  private LocalStack(
      StackObjectStore objectStore, StackService service, StackJob job, SimulatedCrowd crowd) {
    this.objectStore = objectStore;
    this.service = service;
    this.job = job;
    this.crowd = crowd;
  }

  public static LocalStack start(StackSettings s) throws Exception {
    Files.createDirectories(s.data());
    StackSecrets secrets = StackSecrets.open(s.tokensFile());
    StackObjectStore objectStore = null;
    StackService service = null;
    StackJob job = null;
    try {
      objectStore = StackObjectStore.start(s);
      service = StackService.start(s, secrets, objectStore.endpoint());
      job = StackJob.start(s, objectStore, service);
      SimulatedCrowd crowd =
          SimulatedCrowd.start(s, service, objectStore.store(), job.configuration());
      return new LocalStack(objectStore, service, job, crowd);
    } catch (Exception | Error e) {
      if (job != null) {
        job.stop();
      }
      closeQuietly(service);
      closeQuietly(objectStore);
      throw e;
    }
  }

  public String labellingUrl() {
    return service.url();
  }

  public String adminToken() {
    return service.adminToken();
  }

  public String pipelineToken() {
    return service.pipelineToken();
  }

  /** The token of the stack's auditor account; null with an external labelling service. */
  public String auditorToken() {
    return service.auditorToken();
  }

  public ObjectStore store() {
    return objectStore.store();
  }

  public Optional<String> resumedFrom() {
    return job.resumedFrom();
  }

  public long simulatedAnswers() {
    return crowd.answered();
  }

  /**
   * Stops the job (its last checkpoint is kept for the next start), the labellers, the service,
   * then the store, which the others read and write until they stop.
   */
  @Override
  public void close() {
    job.stop();
    crowd.close();
    closeQuietly(service);
    closeQuietly(objectStore);
  }

  static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
    }
  }
}
