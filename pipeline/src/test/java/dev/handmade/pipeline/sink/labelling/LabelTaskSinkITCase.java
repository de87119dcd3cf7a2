package dev.handmade.pipeline.sink.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.labelling.api.QueueStats;
import dev.handmade.pipeline.support.AnswerLosingProxy;
import dev.handmade.pipeline.support.FailOnceAt;
import dev.handmade.pipeline.support.RunningLabellingService;
import dev.handmade.pipeline.support.TestClusters;
import dev.handmade.pipeline.support.TestTasks;
import dev.handmade.schema.LabelTask;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
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

  @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestClusters.twoSlots();

  private static final int TASKS = 500;
  private static final String FAIL_ON = "sink-300";

  @Test
  @Timeout(120)
  void everyTaskReachesTheServiceOnceThroughARestartAndLostAnswers() throws Exception {
    try (RunningLabellingService service = new RunningLabellingService();
        AnswerLosingProxy proxy = new AnswerLosingProxy(service.baseUrl(), 3)) {
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(TestClusters.restarting(2));
      env.setParallelism(2);
      env.enableCheckpointing(200);

      // paced, so that checkpoints fall between batches and the failure comes after some of them
      DataGeneratorSource<LabelTask> tasks =
          new DataGeneratorSource<>(
              i -> TestTasks.uncertain("sink-" + i),
              TASKS,
              RateLimiterStrategy.perSecond(300),
              new AvroTypeInfo<>(LabelTask.class));
      env.fromSource(tasks, WatermarkStrategy.noWatermarks(), "tasks")
          .map(new FailOnceAt<LabelTask>(FAIL_ON, task -> task.getTaskId().equals(FAIL_ON)))
          .returns(new AvroTypeInfo<>(LabelTask.class))
          .sinkTo(
              LabelTaskSink.builder()
                  .config(
                      RunningLabellingService.clientConfig(proxy.baseUrl())
                          .maxTasksPerRequest(40)
                          .build())
                  .build());

      env.execute("label task sink");

      QueueStats queue = service.calls().queue();
      assertThat(queue.open()).isEqualTo(TASKS);
      assertThat(
              queue.open()
                  + queue.escalated()
                  + queue.verified()
                  + queue.unresolved()
                  + queue.gold())
          .isEqualTo(TASKS);
      for (int i = 0; i < TASKS; i += 37) {
        assertThat(service.calls().task("sink-" + i)).as("sink-" + i).isPresent();
      }
      assertThat(FailOnceAt.injected(FAIL_ON)).isEqualTo(1);
      assertThat(proxy.lost()).as("answers lost after the service stored the tasks").isPositive();
      assertThat(proxy.existingReported())
          .as("tasks the service recognised as sent before")
          .isPositive();
    }
  }
}
