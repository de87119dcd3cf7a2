package dev.handmade.pipeline.sink.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.labelling.api.QueueStats;
import dev.handmade.pipeline.labelling.support.AnswerLosingProxy;
import dev.handmade.pipeline.labelling.support.RunningLabellingService;
import dev.handmade.pipeline.labelling.support.TestTasks;
import dev.handmade.schema.LabelTask;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sink in a checkpointed job, through the two ways a task gets sent twice: a job restart
 * that replays tasks since the last checkpoint, and answers lost on the way back so that the
 * writer retries requests the service had already stored. The service ends up with each task
 * exactly once.
 */
class LabelTaskSinkITCase {

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final int TASKS = 500;
  private static final String FAIL_ON = "sink-300";

  /** Failures the job went through; static because the operators run in copies of this test. */
  private static final AtomicInteger INJECTED_FAILURES = new AtomicInteger();

  @Test
  @Timeout(120)
  void everyTaskReachesTheServiceOnceThroughARestartAndLostAnswers() throws Exception {
    try (RunningLabellingService service = new RunningLabellingService();
        AnswerLosingProxy proxy = new AnswerLosingProxy(service.baseUrl(), 3)) {
      Configuration conf = new Configuration();
      conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
      conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
      conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
      env.setParallelism(2);
      env.enableCheckpointing(200);

      // paced, so that checkpoints fall between batches and the failure comes after some of them
      DataGeneratorSource<LabelTask> tasks = new DataGeneratorSource<>(
          i -> TestTasks.uncertain("sink-" + i), TASKS, RateLimiterStrategy.perSecond(300),
          new AvroTypeInfo<>(LabelTask.class));
      env.fromSource(tasks, WatermarkStrategy.noWatermarks(), "tasks")
          .map(new FailOnceAt(FAIL_ON))
          .returns(new AvroTypeInfo<>(LabelTask.class))
          .sinkTo(LabelTaskSink.builder()
              .config(RunningLabellingService.clientConfig(proxy.baseUrl())
                  .maxTasksPerRequest(40)
                  .build())
              .build());

      env.execute("label task sink");

      QueueStats queue = service.calls().queue();
      assertThat(queue.open()).isEqualTo(TASKS);
      assertThat(queue.open() + queue.escalated() + queue.verified() + queue.unresolved()
          + queue.gold()).isEqualTo(TASKS);
      for (int i = 0; i < TASKS; i += 37) {
        assertThat(service.calls().task("sink-" + i)).as("sink-" + i).isPresent();
      }
      assertThat(INJECTED_FAILURES).hasValue(1);
      assertThat(proxy.lost()).as("answers lost after the service stored the tasks").isPositive();
      assertThat(proxy.existingReported())
          .as("tasks the service recognised as sent before").isPositive();
    }
  }

  /** Fails the first attempt of the job at one task, after some checkpoints have completed. */
  private static final class FailOnceAt extends RichMapFunction<LabelTask, LabelTask> {
    private final String taskId;

    FailOnceAt(String taskId) {
      this.taskId = taskId;
    }

    @Override
    public LabelTask map(LabelTask task) {
      if (task.getTaskId().equals(taskId)
          && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
        INJECTED_FAILURES.incrementAndGet();
        throw new IllegalStateException("injected failure at " + taskId);
      }
      return task;
    }
  }
}
