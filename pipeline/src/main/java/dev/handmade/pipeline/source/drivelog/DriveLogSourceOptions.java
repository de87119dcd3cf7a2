package dev.handmade.pipeline.source.drivelog;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Tunables of {@link DriveLogSource}; its builder starts from these defaults. */
public final class DriveLogSourceOptions {

  public static final ConfigOption<String> PREFIX =
      ConfigOptions.key("handmade.drive-log.prefix")
          .stringType()
          .defaultValue("drive-logs/")
          .withDescription(
              "Where in the bucket drive logs are uploaded (import-kitti writes there).");

  public static final ConfigOption<Duration> DISCOVERY_INTERVAL =
      ConfigOptions.key("handmade.drive-log.discovery-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "How often the prefix is listed for new drive logs. Each listing reads every key"
                  + " under the prefix, so a very large prefix wants a longer interval.");

  public static final ConfigOption<Integer> FETCH_BATCH_SIZE =
      ConfigOptions.key("handmade.drive-log.fetch-batch-size")
          .intType()
          .defaultValue(100)
          .withDescription(
              "Frames a reader decodes per fetch before handing them to the task thread.");

  private DriveLogSourceOptions() {}
}
