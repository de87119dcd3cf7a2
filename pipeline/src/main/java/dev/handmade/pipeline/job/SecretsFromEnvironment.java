package dev.handmade.pipeline.job;

import dev.handmade.pipeline.labelling.LabellingConnectorOptions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The job's secrets may come from environment variables, so that a Kubernetes Secret can hand
 * them to the JobManager: job arguments and the Flink configuration are shown in Flink's Web UI
 * and stored in plain text in the FlinkDeployment resource. A value given as an option wins over
 * the environment.
 */
public final class SecretsFromEnvironment {

  /** The options that hold secrets; every other option is an argument or configuration. */
  public static final List<ConfigOption<String>> SECRETS =
      List.of(
          PipelineOptions.S3_ACCESS_KEY,
          PipelineOptions.S3_SECRET_KEY,
          LabellingConnectorOptions.TOKEN);

  private SecretsFromEnvironment() {}

  /** {@code handmade.s3.secret-key} is read from {@code HANDMADE_S3_SECRET_KEY}. */
  public static String variable(ConfigOption<?> option) {
    return option.key().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Sets each secret that {@code options} lacks from its variable in {@code environment}. */
  public static Configuration fill(Configuration options, Map<String, String> environment) {
    for (ConfigOption<String> secret : SECRETS) {
      String value = environment.get(variable(secret));
      if (!options.contains(secret) && value != null && !value.isBlank()) {
        options.set(secret, value);
      }
    }
    return options;
  }
}
