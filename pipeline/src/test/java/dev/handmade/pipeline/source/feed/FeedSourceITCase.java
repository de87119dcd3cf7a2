package dev.handmade.pipeline.source.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handmade.pipeline.labelling.LabellingClient;
import dev.handmade.pipeline.support.FailOnceAt;
import dev.handmade.pipeline.support.RecordingSink;
import dev.handmade.pipeline.support.ServiceCalls;
import dev.handmade.pipeline.support.SharedLabellingService;
import dev.handmade.pipeline.support.TestClusters;
import dev.handmade.pipeline.support.TestTasks;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabelTask;
import dev.handmade.schema.ObjectClass;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source against the real service, with labellers answering over its HTTP API: every label
 * goes downstream exactly once while the job runs, through a failure and restore from a
 * checkpoint, and through a stop with a savepoint and a resume.
 *
 * <p>Each test starts its source after the feed's current end ({@code startAfter}), so the tests
 * share one service without reading each other's labels.
 */
class FeedSourceITCase {

  @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlots();

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  /** What the operators of the failover test saw; static as the job runs in this JVM. */
  private static final Map<String, ConcurrentLinkedQueue<String>> VIOLATIONS =
      new ConcurrentHashMap<>();

  private static final Map<String, AtomicLong> PROGRESS = new ConcurrentHashMap<>();
  private static final Map<String, AtomicLong> CHECKPOINTED = new ConcurrentHashMap<>();

  @RegisterExtension
  static final SharedLabellingService SERVICE = SharedLabellingService.oneLabelDecides();

  @Test
  @Timeout(90)
  void labellersAnswerWhileTheJobRunsAndEachLabelArrivesOnce() throws Exception {
    String key = "live";
    long start = feedEnd();
    List<String> taskIds = submit("live-", 40);
    RecordingSink<HumanLabel> sink = new RecordingSink<>(key);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(200);
    env.fromSource(source(start), WatermarkStrategy.noWatermarks(), "labels")
        // a second reader gets no split and must finish, not hang the job
        .setParallelism(2)
        .sinkTo(sink)
        .setParallelism(1);
    JobClient job = env.executeAsync("labels while labellers work");

    Map<String, String> answers = new ConcurrentHashMap<>();
    ExecutorService labellers = Executors.newFixedThreadPool(3);
    try {
      List<Future<List<ServiceCalls.Answered>>> work = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String token = SERVICE.calls().newLabeller("live-labeller-" + i);
        work.add(
            labellers.submit(
                () ->
                    SERVICE
                        .calls()
                        .answerAll(
                            token,
                            id -> {
                              String answer = answerFor(id);
                              answers.put(id, answer == null ? "?" : answer);
                              return answer;
                            })));
      }
      int answered = 0;
      for (Future<List<ServiceCalls.Answered>> w : work) {
        answered += w.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).size();
      }
      assertThat(answered).isEqualTo(taskIds.size());
    } finally {
      labellers.shutdownNow();
    }

    await().atMost(DEADLINE).until(() -> RecordingSink.count(key) >= taskIds.size());
    job.cancel().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

    List<HumanLabel> labels = RecordingSink.recorded(key);
    assertThat(labels)
        .extracting(HumanLabel::getTaskId)
        .containsExactlyInAnyOrderElementsOf(taskIds);
    assertThat(labels)
        .extracting(HumanLabel::getSequence)
        .containsExactlyElementsOf(sequences(start, taskIds.size()));
    for (HumanLabel label : labels) {
      String answer = answers.get(label.getTaskId());
      if (answer.equals("?")) {
        assertThat(label.getOutcome()).isEqualTo(LabelOutcome.UNRESOLVED);
        assertThat(label.getLabel()).isNull();
        assertThat(label.getReason()).isNotBlank();
      } else {
        assertThat(label.getOutcome()).isEqualTo(LabelOutcome.VERIFIED);
        assertThat(label.getLabel()).isEqualTo(ObjectClass.valueOf(answer.toUpperCase()));
      }
      assertThat(label.getAnswers()).hasSize(1);
    }
  }

  @Test
  @Timeout(90)
  void afterAFailureTheJobResumesFromTheCheckpointedCursor() throws Exception {
    String key = "failover";
    long start = feedEnd();
    VIOLATIONS.put(key, new ConcurrentLinkedQueue<>());
    PROGRESS.put(key, new AtomicLong(start));
    CHECKPOINTED.put(key, new AtomicLong(start));
    List<String> taskIds = submit("failover-", 40);
    String labeller = SERVICE.calls().newLabeller("failover-labeller");
    SERVICE.calls().answerSome(labeller, 20, FeedSourceITCase::answerFor);

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(TestClusters.restarting(2));
    env.setParallelism(1);
    env.enableCheckpointing(200);
    long failAt = start + 21;
    String failure = "feed sequence " + failAt;
    env.fromSource(source(start), WatermarkStrategy.noWatermarks(), "labels")
        .map(new FailOnceAt<HumanLabel>(failure, label -> label.getSequence() == failAt))
        .returns(new AvroTypeInfo<>(HumanLabel.class))
        .keyBy(label -> 0, Types.INT)
        .process(new ExactlyOnceCheck(key, start))
        .sinkTo(new DiscardingSink<>());
    JobClient job = env.executeAsync("labels through a failure");

    // only once a checkpoint holds the first 20 can the failure test a restore from the middle
    await().atMost(DEADLINE).until(() -> CHECKPOINTED.get(key).get() >= start + 20);
    SERVICE.calls().answerAll(labeller, FeedSourceITCase::answerFor);
    await().atMost(DEADLINE).until(() -> PROGRESS.get(key).get() >= start + taskIds.size());
    job.cancel().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

    assertThat(FailOnceAt.injected(failure)).isEqualTo(1);
    assertThat(VIOLATIONS.get(key)).isEmpty();
    assertThat(PROGRESS.get(key)).hasValue(start + taskIds.size());
  }

  @Test
  @Timeout(90)
  void aJobStoppedWithASavepointResumesAfterTheLastLabelItEmitted(@TempDir Path savepoints)
      throws Exception {
    String key = "savepoint";
    long start = feedEnd();
    List<String> taskIds = submit("savepoint-", 30);
    String labeller = SERVICE.calls().newLabeller("savepoint-labeller");
    SERVICE.calls().answerSome(labeller, 15, FeedSourceITCase::answerFor);
    RecordingSink<HumanLabel> sink = new RecordingSink<>(key);

    JobClient first = labelsTo(sink, start, new Configuration()).executeAsync("before");
    await().atMost(DEADLINE).until(() -> RecordingSink.count(key) >= 15);
    String savepoint =
        first
            .stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    assertThat(RecordingSink.count(key)).isEqualTo(15);

    SERVICE.calls().answerAll(labeller, FeedSourceITCase::answerFor);
    Configuration resume = new Configuration();
    resume.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    // a start cursor the savepoint must override: from 0 the job would re-read the first 15
    JobClient second = labelsTo(sink, 0, resume).executeAsync("after");
    await().atMost(DEADLINE).until(() -> RecordingSink.count(key) >= taskIds.size());
    second.cancel().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

    List<HumanLabel> labels = RecordingSink.recorded(key);
    assertThat(labels)
        .extracting(HumanLabel::getTaskId)
        .containsExactlyInAnyOrderElementsOf(taskIds);
    assertThat(labels)
        .extracting(HumanLabel::getSequence)
        .containsExactlyElementsOf(sequences(start, taskIds.size()));
  }

  private static StreamExecutionEnvironment labelsTo(
      RecordingSink<HumanLabel> sink, long startAfter, Configuration conf) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.enableCheckpointing(200);
    env.fromSource(source(startAfter), WatermarkStrategy.noWatermarks(), "labels")
        .uid("labels")
        .sinkTo(sink)
        .uid("recorder");
    return env;
  }

  private static FeedSource source(long startAfter) {
    return FeedSource.builder()
        .config(SERVICE.clientConfig().build())
        .pollInterval(Duration.ofMillis(100))
        .pageSize(7)
        .startAfter(startAfter)
        .build();
  }

  private static long feedEnd() {
    return SERVICE.calls().queue().feedSequence();
  }

  private static List<String> submit(String prefix, int count) throws Exception {
    List<LabelTask> tasks =
        IntStream.range(0, count).mapToObj(i -> TestTasks.uncertain(prefix + i)).toList();
    try (LabellingClient client = new LabellingClient(SERVICE.clientConfig().build())) {
      client.submit(tasks);
    }
    return tasks.stream().map(LabelTask::getTaskId).toList();
  }

  /** Mostly a class; every seventh task "can't tell", which ends it unresolved. */
  private static String answerFor(String taskId) {
    int n = Integer.parseInt(taskId.substring(taskId.lastIndexOf('-') + 1));
    return n % 7 == 3 ? null : n % 2 == 0 ? "cyclist" : "pole";
  }

  private static List<Long> sequences(long after, int count) {
    return LongStream.rangeClosed(after + 1, after + count).boxed().toList();
  }

  /**
   * Checks, in state restored together with the source's, that each label follows the one
   * before: a label emitted twice or skipped across the restore breaks the chain. Reports the
   * last label covered by each completed checkpoint, so that the test knows when to fail the job.
   */
  private static final class ExactlyOnceCheck
      extends KeyedProcessFunction<Integer, HumanLabel, Long>
      implements CheckpointedFunction, CheckpointListener {
    private final String key;
    private final long start;
    private transient ValueState<Long> last;
    private transient Map<Long, Long> lastAtCheckpoint;
    private transient long lastSeen;

    ExactlyOnceCheck(String key, long start) {
      this.key = key;
      this.start = start;
    }

    @Override
    public void open(OpenContext openContext) {
      last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Types.LONG));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
      lastAtCheckpoint = new HashMap<>();
    }

    @Override
    public void processElement(HumanLabel label, Context ctx, Collector<Long> out)
        throws Exception {
      long previous = last.value() == null ? start : last.value();
      if (label.getSequence() != previous + 1) {
        VIOLATIONS.get(key).add("sequence " + label.getSequence() + " after " + previous);
      }
      last.update(label.getSequence());
      lastSeen = Math.max(lastSeen, label.getSequence());
      PROGRESS.get(key).accumulateAndGet(label.getSequence(), Math::max);
      out.collect(label.getSequence());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
      lastAtCheckpoint.put(context.getCheckpointId(), lastSeen);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      Long covered = lastAtCheckpoint.remove(checkpointId);
      if (covered != null) {
        CHECKPOINTED.get(key).accumulateAndGet(covered, Math::max);
      }
    }
  }
}
