package dev.handmade.pipeline.support;

import dev.handmade.labelling.api.LabellingApiClient;
import dev.handmade.labelling.api.LabellingApiException;
import dev.handmade.labelling.api.LeaseView;
import dev.handmade.labelling.api.QueueStats;
import dev.handmade.labelling.api.TaskStatus;
import dev.handmade.labelling.api.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The service's API as admins, auditors and labellers call it, through the API's own typed
 * client: what the tests check against is the service's contract, not this module's idea of it.
 * A failed call fails the test with the service's error.
 */
public final class ServiceCalls {

  private final LabellingApiClient admin;
  private final LabellingApiClient pipeline;

  ServiceCalls(String base) {
    this.admin =
        LabellingApiClient.builder()
            .baseUrl(base)
            .token(RunningLabellingService.ADMIN_TOKEN)
            .requestTimeout(Duration.ofSeconds(30))
            .build();
    this.pipeline = admin.withToken(RunningLabellingService.PIPELINE_TOKEN);
  }

  public record Answered(String taskId, String answer, String labellerToken) {}

  /** A call to the service that is expected to succeed. */
  private interface Call<T> {
    T make() throws LabellingApiException, InterruptedException;
  }

  public QueueStats queue() {
    return call(pipeline::queue);
  }

  public Optional<TaskStatus> task(String taskId) {
    return call(() -> pipeline.task(taskId));
  }

  /** A new labeller account; returns its token. */
  public String newLabeller(String name) {
    return call(() -> admin.createAccount(name, "labeller")).token();
  }

  /** The next task for this labeller, or empty when there is none. */
  public Optional<LeaseView> lease(String labellerToken) {
    return call(() -> admin.withToken(labellerToken).lease());
  }

  /** Answers a lease; {@code answer} null is "can't tell". */
  public void answer(String labellerToken, long leaseId, String answer) {
    call(
        () ->
            admin
                .withToken(labellerToken)
                .answer(leaseId, answer == null ? null : Wire.objectClassOf(answer), 1200));
  }

  /**
   * Leases and answers until the queue has nothing more for this labeller, as a person at the
   * labeller's page would, choosing each answer from the task id.
   */
  public List<Answered> answerAll(String labellerToken, Function<String, String> answerOf) {
    return answerSome(labellerToken, Integer.MAX_VALUE, answerOf);
  }

  /** As {@link #answerAll}, but stops after {@code most} answers. */
  public List<Answered> answerSome(
      String labellerToken, int most, Function<String, String> answerOf) {
    List<Answered> done = new ArrayList<>();
    while (done.size() < most) {
      Optional<LeaseView> lease = lease(labellerToken);
      if (lease.isEmpty()) {
        break;
      }
      String answer = answerOf.apply(lease.get().taskId());
      answer(labellerToken, lease.get().leaseId(), answer);
      done.add(new Answered(lease.get().taskId(), answer, labellerToken));
    }
    return done;
  }

  private static <T> T call(Call<T> call) {
    try {
      return call.make();
    } catch (LabellingApiException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
