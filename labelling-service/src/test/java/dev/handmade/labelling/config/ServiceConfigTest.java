package dev.handmade.labelling.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigTest {

  @Test
  void defaultsUseTheEmbeddedDatabase() {
    ServiceConfig config = ServiceConfig.defaults();
    assertThat(config.embeddedDatabase()).isTrue();
    assertThat(config.db().dataDir()).isEqualTo(Path.of("./data/labelling-db"));
    assertThat(config.lease().duration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.consensus().defaultRequiredLabels()).isEqualTo(1);
  }

  @Test
  void environmentOverridesTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("labelling.yaml");
    Files.writeString(
        file,
        """
                http:
                  port: 9000
                lease:
                  duration: 90s
                consensus:
                  defaultRequiredLabels: 3
                """);
    ServiceConfig config =
        ServiceConfig.builder()
            .file(file)
            .environment(
                Map.of(
                    "HANDMADE_LEASE_DURATION",
                    "1500ms",
                    "HANDMADE_DB_URL",
                    "jdbc:postgresql://db/x",
                    "UNRELATED",
                    "1"))
            .build();
    assertThat(config.http().port()).isEqualTo(9000);
    assertThat(config.lease().duration()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.consensus().defaultRequiredLabels()).isEqualTo(3);
    assertThat(config.db().url()).contains("jdbc:postgresql://db/x");
  }

  @Test
  void environmentVariableNamesFollowTheKeys() {
    assertThat(ServiceConfig.environmentVariable("consensus.defaultRequiredLabels"))
        .isEqualTo("HANDMADE_CONSENSUS_DEFAULT_REQUIRED_LABELS");
    assertThat(ServiceConfig.environmentVariable("db.dataDir")).isEqualTo("HANDMADE_DB_DATA_DIR");
    assertThat(ServiceConfig.environmentVariable("pay.minimumHourlyCents"))
        .isEqualTo("HANDMADE_PAY_MINIMUM_HOURLY_CENTS");
    assertThat(
            ServiceConfig.builder()
                .environment(Map.of("HANDMADE_PAY_MINIMUM_HOURLY_CENTS", "1250"))
                .build()
                .pay()
                .minimumHourlyCents())
        .isEqualTo(1250);
    assertThat(ServiceConfig.defaults().pay().minimumHourlyCents()).isZero();
  }

  @Test
  void badValuesNameTheirKey(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> ServiceConfig.builder().set("lease.duration", "soon").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("lease.duration");
    assertThatThrownBy(() -> ServiceConfig.builder().set("gold.rate", "1.5").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("gold.rate");
    assertThatThrownBy(
            () -> ServiceConfig.builder().set("consensus.defaultRequiredLabels", "9").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("consensus.defaultRequiredLabels");
    assertThatThrownBy(() -> ServiceConfig.builder().set("pay.minimumHourlyCents", "-1").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("pay.minimumHourlyCents");
    assertThatThrownBy(() -> ServiceConfig.builder().set("http.port", "eighty").build())
        .isInstanceOf(ConfigException.class)
        .hasMessage("http.port: cannot read 'eighty': expected a whole number");
    assertThatThrownBy(() -> ServiceConfig.builder().set("pay.timeZone", "Mars/Olympus").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("pay.timeZone")
        .hasMessageContaining("unknown time zone");
    assertThatThrownBy(() -> ServiceConfig.builder().set("lease.durration", "5m"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("lease.durration: unknown option");
    Path file = dir.resolve("typo.yaml");
    Files.writeString(file, "lease:\n  durration: 5m\n");
    assertThatThrownBy(() -> ServiceConfig.builder().file(file).build())
        .isInstanceOf(ConfigException.class)
        .hasMessage("lease.durration: unknown option");
  }

  @Test
  void fileShapesThatAreNotOptionsNameTheirKey(@TempDir Path dir) throws IOException {
    Path list = dir.resolve("list.yaml");
    Files.writeString(list, "http:\n  port: [1, 2]\n");
    assertThatThrownBy(() -> ServiceConfig.builder().file(list).build())
        .isInstanceOf(ConfigException.class)
        .hasMessage("http.port: expected a single value");
    Path scalar = dir.resolve("scalar.yaml");
    Files.writeString(scalar, "http: 8086\n");
    assertThatThrownBy(() -> ServiceConfig.builder().file(scalar).build())
        .isInstanceOf(ConfigException.class)
        .hasMessage("http: expected a section of options");
    Path empty = dir.resolve("empty.yaml");
    Files.writeString(empty, "db:\n  poolSize:\n");
    assertThatThrownBy(() -> ServiceConfig.builder().file(empty).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("db.poolSize: cannot read ''");
    Path huge = dir.resolve("huge.yaml");
    Files.writeString(huge, "http:\n  port: 99999999999\n");
    assertThatThrownBy(() -> ServiceConfig.builder().file(huge).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("http.port: cannot read '99999999999'");
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "http: [\n");
    assertThatThrownBy(() -> ServiceConfig.builder().file(broken))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config file: cannot read " + broken);
  }

  @Test
  void explicitValuesOverrideTheEnvironmentWhichOverridesTheFileWhateverTheOrder(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("labelling.yaml");
    Files.writeString(file, "http:\n  port: 9000\n  host: 127.0.0.1\ndb:\n  poolSize: 4\n");
    Map<String, String> env = Map.of("HANDMADE_HTTP_PORT", "9100", "HANDMADE_DB_POOL_SIZE", "6");
    ServiceConfig config =
        ServiceConfig.builder().set("http.port", 9200).environment(env).file(file).build();
    assertThat(config.http().port()).as("explicit over environment").isEqualTo(9200);
    assertThat(config.db().poolSize()).as("environment over file").isEqualTo(6);
    assertThat(config.http().host()).as("file over defaults").isEqualTo("127.0.0.1");
    assertThat(config.lease().duration()).as("defaults").isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aBadEnvironmentValueNamesItsKeyNotAStackTrace() {
    assertThatThrownBy(
            () ->
                ServiceConfig.builder().environment(Map.of("HANDMADE_GOLD_RATE", "often")).build())
        .isInstanceOf(ConfigException.class)
        .hasMessage("gold.rate: cannot read 'often': expected a number");
    assertThatThrownBy(
            () ->
                ServiceConfig.builder()
                    .environment(Map.of("HANDMADE_LEASE_DURATION", "soon"))
                    .build())
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "lease.duration: cannot read 'soon': "
                + "expected a number with ms, s, m or h (1500ms, 90s, 5m, 2h)");
  }

  @Test
  void everyKeyHasAnEnvironmentVariableAndADefault() {
    assertThat(ServiceConfig.keys())
        .hasSize(33)
        .contains("limits.idleTimeout", "audit.pseudonymKey");
    assertThat(ServiceConfig.keys().stream().map(ServiceConfig::environmentVariable))
        .doesNotHaveDuplicates()
        .allMatch(name -> name.matches("HANDMADE_[A-Z0-9_]+"));
  }
}
