package dev.handmade.pipeline.source.drivelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.storage.ObjectStoreConfig;
import java.time.Duration;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class DriveLogSourceTest {

  private static final ObjectStoreConfig STORE =
      new ObjectStoreConfig("http://127.0.0.1:9000", "k", "secret", "handmade", null, null, null);

  @Test
  void buildNamesEverythingMissingOrWrong() {
    assertThatThrownBy(
            () ->
                DriveLogSource.builder().discoveryInterval(Duration.ZERO).fetchBatchSize(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storeConfig is missing")
        .hasMessageContaining("prefix is missing")
        .hasMessageContaining("discoveryInterval must be at least 1 ms")
        .hasMessageContaining("fetchBatchSize must be at least 1");
  }

  @Test
  void watchesAFolderAndRunsForever() throws Exception {
    DriveLogSource source =
        InstantiationUtil.clone(
            DriveLogSource.builder().storeConfig(STORE).prefix("/drive-logs").build(),
            getClass().getClassLoader());

    assertThat(source.prefix()).isEqualTo("drive-logs/");
    assertThat(source.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
    assertThat(source.discoveryInterval())
        .isEqualTo(DriveLogSourceOptions.DISCOVERY_INTERVAL.defaultValue());
  }

  @Test
  void itsRecordsTravelWithFlinksOwnSerializersNotKryo() {
    DriveLogSource source = DriveLogSource.builder().storeConfig(STORE).prefix("").build();

    assertThat(source.getProducedType()).isNotInstanceOf(GenericTypeInfo.class);
  }
}
