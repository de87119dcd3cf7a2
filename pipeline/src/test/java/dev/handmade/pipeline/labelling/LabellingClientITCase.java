package dev.handmade.pipeline.labelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.labelling.api.IntakeRequest;
import dev.handmade.labelling.api.LeaseView;
import dev.handmade.labelling.api.TaskStatus;
import dev.handmade.labelling.api.Wire;
import dev.handmade.pipeline.support.AnswerLosingProxy;
import dev.handmade.pipeline.support.RunningLabellingService;
import dev.handmade.pipeline.support.ServiceCalls;
import dev.handmade.pipeline.support.SharedLabellingService;
import dev.handmade.pipeline.support.TestTasks;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabelTask;
import dev.handmade.schema.LidarPoint;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.TaskKind;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client against the real service: intake, refusal, lost answers and the feed. */
class LabellingClientITCase {

  @RegisterExtension
  static final SharedLabellingService SERVICE = SharedLabellingService.oneLabelDecides();

  @Test
  void aChunkLargerThanTheServiceTakesIsSentInHalvesUntilEachFits() throws Exception {
    // 12 tasks of some 16 KB each: 4 fit under 64 KiB, 12 do not
    List<LabelTask> tasks = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      LabelTask task = TestTasks.uncertain("large-" + i);
      List<LidarPoint> points = new ArrayList<>();
      for (int p = 0; p < 400; p++) {
        points.add(new LidarPoint(1.2345678f + p, -0.7654321f, 0.3456789f, 0.12345f));
      }
      task.getFrame().setLidar(points);
      tasks.add(task);
    }
    int limit = 64 * 1024;
    try (RunningLabellingService small =
            new RunningLabellingService(
                c -> c.set("limits.intakeBodyBytes", limit).set("limits.bodyBytes", limit));
        LabellingClient whole =
            new LabellingClient(
                small.clientConfig().maxAttempts(1).maxRequestBytes(8 * 1024 * 1024).build());
        LabellingClient split =
            new LabellingClient(small.clientConfig().maxRequestBytes(limit).build())) {
      assertThat(
              Wire.mapper()
                  .writeValueAsBytes(
                      new IntakeRequest(tasks.stream().map(WireRecords::task).toList()))
                  .length)
          .isGreaterThan(limit);
      assertThatThrownBy(() -> whole.submit(tasks)).isInstanceOf(LabellingServiceException.class);

      assertThat(split.submit(tasks)).isEqualTo(new IntakeSummary(12, 0));
      assertThat(small.calls().queue().open()).isEqualTo(12);
    }
  }

  @Test
  void intakeStoresEachTaskOnceWithItsFrameAndNoGroundTruth() throws Exception {
    List<LabelTask> tasks = new ArrayList<>();
    IntStream.range(0, 7).forEach(i -> tasks.add(TestTasks.uncertain("intake-" + i)));
    tasks.add(TestTasks.task("intake-audit", TaskKind.AUDIT, null));
    tasks.add(TestTasks.task("intake-gold", TaskKind.GOLD, ObjectClass.POLE));

    try (LabellingClient client =
        new LabellingClient(SERVICE.clientConfig().maxTasksPerRequest(4).build())) {
      assertThat(client.submit(tasks)).isEqualTo(new IntakeSummary(9, 0));
      assertThat(client.submit(tasks.subList(2, 6))).isEqualTo(new IntakeSummary(0, 4));
    }

    TaskStatus audit = SERVICE.calls().task("intake-audit").orElseThrow();
    assertThat(audit.kind()).isEqualTo(TaskKind.AUDIT);
    assertThat(audit.priority()).isEqualTo(tasks.get(7).getPriority());
    assertThat(audit.requiredLabels()).isEqualTo(1);
    assertThat(audit.state()).isEqualTo("open");
    assertThat(SERVICE.calls().task("intake-gold").orElseThrow().kind()).isEqualTo(TaskKind.GOLD);

    // what a labeller sees of the frame: the crop and the points sent, the ground truth gone
    String labeller = SERVICE.calls().newLabeller("intake-viewer");
    LeaseView lease = SERVICE.calls().lease(labeller).orElseThrow();
    LabelTask sent =
        tasks.stream().filter(t -> t.getTaskId().equals(lease.taskId())).findFirst().orElseThrow();
    JsonNode frame = lease.frame();
    assertThat(frame.has("groundTruth")).isFalse();
    assertThat(Base64.getDecoder().decode(frame.at("/camera/rgbBase64").asText()))
        .isEqualTo(sent.getFrame().getCamera().getRgb().array());
    assertThat(frame.get("lidar")).hasSize(sent.getFrame().getLidar().size());
    assertThat(frame.at("/lidar/0/0").floatValue())
        .isEqualTo(sent.getFrame().getLidar().get(0).getX());
    assertThat(frame.at("/conditions/lighting").asText()).isEqualToIgnoringCase("night");
    assertThat(frame.at("/box/length").floatValue()).isEqualTo(4.2f);
  }

  @Test
  void aRefusedTaskIsNamedWithTheServicesErrorAndNotRetried() throws Exception {
    LabelTask goldWithoutAnswer = TestTasks.task("refused-2", TaskKind.GOLD, null);
    List<LabelTask> tasks =
        List.of(
            TestTasks.uncertain("refused-0"), TestTasks.uncertain("refused-1"), goldWithoutAnswer);
    AtomicInteger retries = new AtomicInteger();

    try (LabellingClient client =
        new LabellingClient(
            SERVICE.clientConfig().build(),
            (request, attempt, problem) -> retries.incrementAndGet())) {
      assertThatThrownBy(() -> client.submit(tasks))
          .isInstanceOfSatisfying(
              LabellingServiceException.class,
              e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.refused()).isTrue();
                assertThat(e.field()).isEqualTo("tasks[2].goldAnswer");
              })
          .hasMessageContaining("refused task 'refused-2' (frame 'refused-2')")
          .hasMessageContaining("tasks[2].goldAnswer: a gold task needs its known answer")
          .hasMessageContaining(SERVICE.baseUrl() + "/api/tasks answered 400");
    }
    assertThat(retries).hasValue(0);
    // the service checks a batch whole before storing any of it
    assertThat(SERVICE.calls().task("refused-0")).isEmpty();
  }

  @Test
  void aWrongTokenIsRefusedAtOnce() throws Exception {
    try (LabellingClient client =
        new LabellingClient(SERVICE.clientConfig().token("not-a-token-of-this-service").build())) {
      assertThatThrownBy(() -> client.feed(0, 10))
          .isInstanceOfSatisfying(
              LabellingServiceException.class, e -> assertThat(e.status()).isEqualTo(401));
    }
  }

  @Test
  void aLostAnswerIsRetriedAndTheRetryCreatesNothingTwice() throws Exception {
    List<LabelTask> tasks =
        IntStream.range(0, 30).mapToObj(i -> TestTasks.uncertain("lost-" + i)).toList();
    AtomicInteger retries = new AtomicInteger();

    try (AnswerLosingProxy proxy = new AnswerLosingProxy(SERVICE.baseUrl(), 2);
        LabellingClient client =
            new LabellingClient(
                RunningLabellingService.clientConfig(proxy.baseUrl())
                    .maxTasksPerRequest(10)
                    .build(),
                (request, attempt, problem) -> retries.incrementAndGet())) {
      IntakeSummary summary = client.submit(tasks);

      // intakes 2 and 4 of 5 lost their answers; their retries found the tasks stored
      assertThat(proxy.lost()).isEqualTo(2);
      assertThat(retries).hasValue(2);
      assertThat(summary.created() + summary.existing()).isEqualTo(30);
      assertThat(summary.existing()).isEqualTo(20);
    }
    for (LabelTask task : tasks) {
      assertThat(SERVICE.calls().task(task.getTaskId())).isPresent();
    }
  }

  @Test
  void theFeedGivesEachOutcomeAsAHumanLabelPageByPage() throws Exception {
    List<LabelTask> tasks =
        IntStream.range(0, 5).mapToObj(i -> TestTasks.uncertain("feed-" + i)).toList();
    try (LabellingClient client = new LabellingClient(SERVICE.clientConfig().build())) {
      client.submit(tasks);
      long before = SERVICE.calls().queue().feedSequence();
      String labeller = SERVICE.calls().newLabeller("feed-labeller");
      List<ServiceCalls.Answered> answered =
          SERVICE
              .calls()
              .answerAll(
                  labeller, id -> id.startsWith("feed-") && !id.equals("feed-3") ? "truck" : null);

      List<HumanLabel> read = new ArrayList<>();
      long cursor = before;
      for (FeedPage page = client.feed(cursor, 2);
          !page.labels().isEmpty();
          page = client.feed(cursor, 2)) {
        assertThat(page.labels()).hasSizeLessThanOrEqualTo(2);
        read.addAll(page.labels());
        cursor = page.next();
      }

      assertThat(read).hasSize(answered.size());
      HumanLabel unresolved =
          read.stream().filter(l -> l.getTaskId().equals("feed-3")).findFirst().orElseThrow();
      assertThat(unresolved.getOutcome()).isEqualTo(LabelOutcome.UNRESOLVED);
      assertThat(unresolved.getLabel()).isNull();
      assertThat(unresolved.getReason()).contains("cant_tell=1");
      assertThat(unresolved.getAnswers()).hasSize(1);
      assertThat(unresolved.getAnswers().get(0).getAnswer()).isNull();
      HumanLabel verified =
          read.stream().filter(l -> l.getTaskId().equals("feed-0")).findFirst().orElseThrow();
      assertThat(verified.getOutcome()).isEqualTo(LabelOutcome.VERIFIED);
      assertThat(verified.getLabel()).isEqualTo(ObjectClass.TRUCK);
      assertThat(verified.getFrameId()).isEqualTo("feed-0");
      assertThat(verified.getKind()).isEqualTo(TaskKind.UNCERTAIN);
      assertThat(verified.getAgreement()).isEqualTo(1f);
      assertThat(verified.getReason()).isNull();
      assertThat(verified.getSetAside()).isEmpty();
      // the service clamps active time to how long the lease was held
      assertThat(verified.getAnswers().get(0).getActiveMillis()).isBetween(0L, 1200L);
      assertThat(verified.getAnswers().get(0).getLabellerId()).isNotBlank();
      assertThat(verified.getAnswers().get(0).getCurrency()).isEqualTo("EUR");
      assertThat(client.feed(cursor, 10)).isEqualTo(new FeedPage(List.of(), cursor));
    }
  }
}
