package dev.handmade.labelling.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceConfigTest {

    @Test
    void defaultsUseTheEmbeddedDatabase() {
        ServiceConfig config = ServiceConfig.defaults();
        assertThat(config.embeddedDatabase()).isTrue();
        assertThat(config.dbDataDir()).isEqualTo(Path.of("./data/labelling-db"));
        assertThat(config.leaseDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.defaultRequiredLabels()).isEqualTo(1);
    }

    @Test
    void environmentOverridesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("labelling.yaml");
        Files.writeString(file, """
                http:
                  port: 9000
                lease:
                  duration: 90s
                consensus:
                  defaultRequiredLabels: 3
                """);
        ServiceConfig config = ServiceConfig.builder().file(file)
                .environment(Map.of("HANDMADE_LEASE_DURATION", "1500ms", "HANDMADE_DB_URL", "jdbc:postgresql://db/x",
                        "UNRELATED", "1"))
                .build();
        assertThat(config.httpPort()).isEqualTo(9000);
        assertThat(config.leaseDuration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.defaultRequiredLabels()).isEqualTo(3);
        assertThat(config.dbUrl()).contains("jdbc:postgresql://db/x");
    }

    @Test
    void environmentVariableNamesFollowTheKeys() {
        assertThat(LabellingOptions.DEFAULT_REQUIRED_LABELS.environmentVariable())
                .isEqualTo("HANDMADE_CONSENSUS_DEFAULT_REQUIRED_LABELS");
        assertThat(LabellingOptions.DB_DATA_DIR.environmentVariable()).isEqualTo("HANDMADE_DB_DATA_DIR");
        assertThat(LabellingOptions.PAY_MINIMUM_HOURLY_CENTS.environmentVariable())
                .isEqualTo("HANDMADE_PAY_MINIMUM_HOURLY_CENTS");
        assertThat(ServiceConfig.builder().environment(Map.of("HANDMADE_PAY_MINIMUM_HOURLY_CENTS", "1250")).build()
                .minimumHourlyCents()).isEqualTo(1250);
        assertThat(ServiceConfig.defaults().minimumHourlyCents()).isZero();
    }

    @Test
    void badValuesNameTheirKey(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ServiceConfig.builder().set("lease.duration", "soon").build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("lease.duration");
        assertThatThrownBy(() -> ServiceConfig.builder().set("gold.rate", "1.5").build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("gold.rate");
        assertThatThrownBy(() -> ServiceConfig.builder().set("consensus.defaultRequiredLabels", "9").build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("consensus.defaultRequiredLabels");
        assertThatThrownBy(() -> ServiceConfig.builder().set("pay.minimumHourlyCents", "-1").build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("pay.minimumHourlyCents");
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "lease:\n  durration: 5m\n");
        assertThatThrownBy(() -> ServiceConfig.builder().file(file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("lease.durration");
    }
}
