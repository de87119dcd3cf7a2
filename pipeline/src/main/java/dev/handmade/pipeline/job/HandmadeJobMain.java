package dev.handmade.pipeline.job;

import dev.handmade.pipeline.audit.AuditLogSink;
import dev.handmade.pipeline.labelling.LabellingConnectorOptions;
import dev.handmade.pipeline.labelling.LabellingServiceConfig;
import dev.handmade.pipeline.sink.deadletter.DeadLetterSink;
import dev.handmade.pipeline.sink.labelling.LabelTaskSink;
import dev.handmade.pipeline.source.IngestedFrame;
import dev.handmade.pipeline.source.drivelog.DriveLogSource;
import dev.handmade.pipeline.source.drivelog.DriveLogSourceOptions;
import dev.handmade.pipeline.source.feed.FeedSource;
import dev.handmade.pipeline.source.simulator.SimulatedFrames;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreConfig;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Entry point on a Flink cluster ({@code flink run ... --handmade.s3.endpoint ...}) and for the
 * one-machine stack: builds the real sources and sinks from the configuration and submits the job.
 * Options come from the cluster's configuration, overridden by {@code --key value} arguments;
 * the secrets may also come from the environment ({@link SecretsFromEnvironment}).
 */
public final class HandmadeJobMain {

  private HandmadeJobMain() {}

  public static void main(String[] args) throws Exception {
    Configuration options =
        SecretsFromEnvironment.fill(
            Configuration.fromMap(ParameterTool.fromArgs(args).toMap()), System.getenv());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(options);
    submit(env, options, "handmade");
  }

  /** Adds the job, built from {@code options}, to {@code env} and starts it. */
  public static JobClient submit(
      StreamExecutionEnvironment env, ReadableConfig options, String name) throws Exception {
    ObjectStoreConfig store = storeConfig(options);
    try (ObjectStore client = ObjectStore.create(store)) {
      client.createBucketIfAbsent();
    }
    LabellingServiceConfig labelling = LabellingServiceConfig.fromConfiguration(options);
    new HandmadeJob(
            frames(options, store),
            FeedSource.builder()
                .config(labelling)
                .pollInterval(options.get(LabellingConnectorOptions.FEED_POLL_INTERVAL))
                .build(),
            LabelTaskSink.builder().config(labelling).build(),
            AuditLogSink.create(store),
            DeadLetterSink.create(store),
            store,
            options)
        .build(env);
    return env.executeAsync(name);
  }

  static ObjectStoreConfig storeConfig(ReadableConfig options) {
    return ObjectStore.builder()
        .endpoint(options.get(PipelineOptions.S3_ENDPOINT))
        .accessKey(options.get(PipelineOptions.S3_ACCESS_KEY))
        .secretKey(options.get(PipelineOptions.S3_SECRET_KEY))
        .bucket(options.get(PipelineOptions.S3_BUCKET))
        .buildConfig();
  }

  private static Source<IngestedFrame, ?, ?> frames(
      ReadableConfig options, ObjectStoreConfig store) {
    String source = options.get(PipelineOptions.FRAME_SOURCE);
    return switch (source) {
      case "simulator" ->
          SimulatedFrames.source(
              options.get(PipelineOptions.SIMULATOR_SEED),
              options.get(PipelineOptions.SIMULATOR_FRAMES),
              options.get(PipelineOptions.SIMULATOR_RATE),
              options.get(PipelineOptions.SIMULATOR_CORRUPT_EVERY),
              options.get(PipelineOptions.SIMULATOR_DISTINCT_FRAMES));
      case "drive-logs" ->
          DriveLogSource.builder()
              .storeConfig(store)
              .prefix(options.get(DriveLogSourceOptions.PREFIX))
              .discoveryInterval(options.get(DriveLogSourceOptions.DISCOVERY_INTERVAL))
              .fetchBatchSize(options.get(DriveLogSourceOptions.FETCH_BATCH_SIZE))
              .build();
      default ->
          throw new IllegalArgumentException(
              "handmade.source must be 'simulator' or 'drive-logs', got '" + source + "'");
    };
  }
}
