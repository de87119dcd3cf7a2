package dev.handmade.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.pipeline.labelling.LabellingConnectorOptions;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class SecretsFromEnvironmentTest {

  @Test
  void variablesAreTheKeysInCapitalsWithUnderscores() {
    assertThat(SecretsFromEnvironment.SECRETS)
        .extracting(SecretsFromEnvironment::variable)
        .containsExactly(
            "HANDMADE_S3_ACCESS_KEY", "HANDMADE_S3_SECRET_KEY", "HANDMADE_LABELLING_TOKEN");
  }

  @Test
  void theEnvironmentFillsTheSecretsThatOptionsLack() {
    Configuration options = new Configuration();
    options.set(PipelineOptions.S3_ACCESS_KEY, "from-arguments");

    SecretsFromEnvironment.fill(
        options,
        Map.of(
            "HANDMADE_S3_ACCESS_KEY", "from-environment",
            "HANDMADE_S3_SECRET_KEY", "secret-from-environment",
            "HANDMADE_LABELLING_TOKEN", "token-from-environment",
            "HANDMADE_S3_BUCKET", "not-a-secret"));

    assertThat(options.get(PipelineOptions.S3_ACCESS_KEY)).isEqualTo("from-arguments");
    assertThat(options.get(PipelineOptions.S3_SECRET_KEY)).isEqualTo("secret-from-environment");
    assertThat(options.get(LabellingConnectorOptions.TOKEN)).isEqualTo("token-from-environment");
    // only secrets come from the environment; the rest stays visible as arguments
    assertThat(options.contains(PipelineOptions.S3_BUCKET)).isFalse();
  }

  @Test
  void aBlankVariableSetsNothing() {
    Configuration options =
        SecretsFromEnvironment.fill(new Configuration(), Map.of("HANDMADE_LABELLING_TOKEN", " "));

    assertThat(options.contains(LabellingConnectorOptions.TOKEN)).isFalse();
  }
}
