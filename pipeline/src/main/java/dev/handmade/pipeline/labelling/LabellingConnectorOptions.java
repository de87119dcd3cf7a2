package dev.handmade.pipeline.labelling;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The tunables of the task sink and the verified-label source, as Flink configuration keys. */
public final class LabellingConnectorOptions {

  private LabellingConnectorOptions() {}

  public static final ConfigOption<String> BASE_URL =
      ConfigOptions.key("handmade.labelling.base-url")
          .stringType()
          .noDefaultValue()
          .withDescription("Base URL of the labelling service, http(s)://host[:port], no path.");

  public static final ConfigOption<String> TOKEN =
      ConfigOptions.key("handmade.labelling.token")
          .stringType()
          .noDefaultValue()
          .withDescription("Bearer token of the service's pipeline account.");

  public static final ConfigOption<Duration> REQUEST_TIMEOUT =
      ConfigOptions.key("handmade.labelling.request-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "How long one HTTP request may take. An intake of a full chunk stores every "
                  + "frame in one database transaction, so this is not a ping timeout.");

  public static final ConfigOption<Integer> MAX_TASKS_PER_REQUEST =
      ConfigOptions.key("handmade.labelling.intake.max-tasks-per-request")
          .intType()
          .defaultValue(100)
          .withDescription(
              "Tasks per intake request at most, and the sink's batch size; a request larger "
                  + "than max-request-bytes is split further.");

  public static final ConfigOption<Integer> MAX_REQUEST_BYTES =
      ConfigOptions.key("handmade.labelling.intake.max-request-bytes")
          .intType()
          .defaultValue(8 * 1024 * 1024)
          .withDescription(
              "Largest intake request body: a chunk that encodes larger is sent in halves. A real "
                  + "frame with its whole camera image and a near object's points is some 60 to "
                  + "110 KB of JSON, so 100 of them can pass the service's limit. At most the "
                  + "service's limits.intakeBodyBytes (8 MiB by default).");

  public static final ConfigOption<Integer> MAX_ATTEMPTS =
      ConfigOptions.key("handmade.labelling.max-attempts")
          .intType()
          .defaultValue(6)
          .withDescription(
              "Tries of one request before the failure is final (the sink then fails the job, "
                  + "which restarts from its last checkpoint).");

  public static final ConfigOption<Duration> INITIAL_BACKOFF =
      ConfigOptions.key("handmade.labelling.initial-backoff")
          .durationType()
          .defaultValue(Duration.ofMillis(500))
          .withDescription("Wait before the first retry; doubled for each further retry, to 30 s.");

  public static final ConfigOption<Duration> FEED_POLL_INTERVAL =
      ConfigOptions.key("handmade.labelling.feed.poll-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription("How long the label source waits after reading an empty feed page.");

  public static final ConfigOption<Integer> FEED_PAGE_SIZE =
      ConfigOptions.key("handmade.labelling.feed.page-size")
          .intType()
          .defaultValue(500)
          .withDescription("Feed entries per request, 1 to 1000 (the service's limit).");
}
