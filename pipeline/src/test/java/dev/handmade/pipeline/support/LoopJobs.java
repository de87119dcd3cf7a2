package dev.handmade.pipeline.support;

import static org.awaitility.Awaitility.await;

import dev.handmade.audit.log.GrowingAuditLog;
import dev.handmade.pipeline.audit.AuditLogSink;
import dev.handmade.pipeline.job.HandmadeJob;
import dev.handmade.pipeline.job.PipelineOptions;
import dev.handmade.pipeline.sink.deadletter.DeadLetterSink;
import dev.handmade.pipeline.sink.labelling.LabelTaskSink;
import dev.handmade.pipeline.source.IngestedFrame;
import dev.handmade.pipeline.source.feed.FeedSource;
import dev.handmade.schema.Decision;
import dev.handmade.storage.ObjectStoreConfig;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The whole job wired to a test's labelling service and bucket, and waiting on its audit log. */
public final class LoopJobs {

  private LoopJobs() {}

  /**
   * Starts the job on the test's MiniCluster with the real connectors.
   *
   * @param options job options ({@link PipelineOptions})
   * @param conf environment configuration, e.g. a savepoint to resume from
   */
  public static JobClient start(
      Source<IngestedFrame, ?, ?> frames,
      RunningLabellingService service,
      ObjectStoreConfig store,
      Configuration options,
      Configuration conf,
      long checkpointMillis,
      String name)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.enableCheckpointing(checkpointMillis);
    new HandmadeJob(
            frames,
            FeedSource.builder()
                .config(service.clientConfig().build())
                .pollInterval(Duration.ofMillis(200))
                .build(),
            LabelTaskSink.builder().config(service.clientConfig().build()).build(),
            AuditLogSink.create(store),
            DeadLetterSink.create(store),
            store,
            options)
        .build(env);
    return env.executeAsync(name);
  }

  /** Waits until the committed audit log holds {@code expected} decisions; they appear checkpoint by checkpoint. */
  public static List<Decision> awaitDecisions(
      GrowingAuditLog audit, int expected, Duration patience) {
    // the count, not the list, so that a timeout reports how many there were
    await(expected + " decisions in the committed audit log")
        .atMost(patience)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> audit.decisions().size(), n -> n >= expected);
    return audit.decisions();
  }
}
