package dev.handmade.pipeline.labelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class LabellingServiceConfigTest {

  private static LabellingServiceConfig.Builder valid() {
    return LabellingServiceConfig.builder()
        .baseUrl("http://labelling:8086/")
        .token("pipeline-token-0123456789");
  }

  @Test
  void defaultsAreFilledInAndTheTrailingSlashIsDropped() {
    LabellingServiceConfig config = valid().build();

    assertThat(config.baseUrl()).isEqualTo("http://labelling:8086");
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.maxTasksPerRequest()).isEqualTo(100);
    assertThat(config.maxRequestBytes()).isEqualTo(8 * 1024 * 1024);
    assertThat(config.maxAttempts()).isEqualTo(6);
    assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void eachBadValueIsNamedByItsKey() {
    assertThatThrownBy(() -> valid().baseUrl(null).build())
        .hasMessageContaining("handmade.labelling.base-url is missing");
    assertThatThrownBy(() -> valid().baseUrl("labelling:8086").build())
        .hasMessageContaining("handmade.labelling.base-url")
        .hasMessageContaining("http://");
    assertThatThrownBy(() -> valid().baseUrl("http://labelling:8086/api").build())
        .hasMessageContaining("handmade.labelling.base-url")
        .hasMessageContaining("must not have a path");
    assertThatThrownBy(() -> valid().token(" ").build())
        .hasMessageContaining("handmade.labelling.token is missing");
    assertThatThrownBy(() -> valid().token("two words").build())
        .hasMessageContaining("handmade.labelling.token must be printable ASCII");
    assertThatThrownBy(() -> valid().requestTimeout(Duration.ZERO).build())
        .hasMessageContaining("handmade.labelling.request-timeout must be positive");
    assertThatThrownBy(() -> valid().maxTasksPerRequest(0).build())
        .hasMessageContaining("handmade.labelling.intake.max-tasks-per-request must be at least 1");
    assertThatThrownBy(() -> valid().maxRequestBytes(1023).build())
        .hasMessageContaining("handmade.labelling.intake.max-request-bytes must be at least 1024");
    assertThatThrownBy(() -> valid().maxAttempts(0).build())
        .hasMessageContaining("handmade.labelling.max-attempts must be at least 1");
    assertThatThrownBy(() -> valid().initialBackoff(Duration.ofMillis(-1)).build())
        .hasMessageContaining("handmade.labelling.initial-backoff must be zero or positive");
  }

  @Test
  void theTokenStaysOutOfToString() {
    assertThat(valid().build().toString())
        .doesNotContain("pipeline-token-0123456789")
        .contains("token=***");
  }

  @Test
  void backoffDoublesUpToTheCap() {
    LabellingServiceConfig config = valid().initialBackoff(Duration.ofSeconds(5)).build();

    assertThat(config.backoff(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.backoff(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.backoff(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.backoff(4)).isEqualTo(LabellingServiceConfig.MAX_BACKOFF);
    assertThat(config.backoff(60)).isEqualTo(LabellingServiceConfig.MAX_BACKOFF);
  }

  @Test
  void readsFlinkConfigurationAndSurvivesJavaSerialization() throws Exception {
    Configuration conf = new Configuration();
    conf.set(LabellingConnectorOptions.BASE_URL, "https://labelling.example");
    conf.set(LabellingConnectorOptions.TOKEN, "pipeline-token-0123456789");
    conf.set(LabellingConnectorOptions.MAX_ATTEMPTS, 3);
    conf.set(LabellingConnectorOptions.INITIAL_BACKOFF, Duration.ofMillis(50));

    LabellingServiceConfig config = LabellingServiceConfig.fromConfiguration(conf);

    assertThat(config.baseUrl()).isEqualTo("https://labelling.example");
    assertThat(config.maxAttempts()).isEqualTo(3);
    assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(50));
    assertThat(InstantiationUtil.clone(config)).isEqualTo(config);
  }

  @Test
  void aConfigurationWithoutTheUrlIsRefusedByName() {
    Configuration conf = new Configuration();
    conf.set(LabellingConnectorOptions.TOKEN, "pipeline-token-0123456789");

    assertThatThrownBy(() -> LabellingServiceConfig.fromConfiguration(conf))
        .hasMessageContaining("handmade.labelling.base-url is missing");
  }
}
