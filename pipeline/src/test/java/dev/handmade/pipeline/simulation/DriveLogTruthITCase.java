package dev.handmade.pipeline.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.model.kitti.DriveLogWriter;
import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.schema.Frame;
import dev.handmade.schema.ObjectClass;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ground truth read from drive logs in the object store, as simulated labellers use it. */
class DriveLogTruthITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Test
  void answersFromTheDriveLogsIncludingOnesUploadedLaterAndPassesOverBadFiles() {
    SensorSimulator simulator = SensorSimulator.builder().seed(11).build();
    Frame labelled = Frame.newBuilder(simulator.frame(0)).setFrameId("kitti-a-000000-0").build();
    Frame proposal =
        Frame.newBuilder(simulator.frame(1))
            .setFrameId("kitti-a-000000-p0")
            .setGroundTruth(null)
            .build();
    try (ObjectStore store = S3.newStore()) {
      DriveLogWriter writer = new DriveLogWriter(store);
      writer.write("kitti-a-000000", List.of(labelled, proposal));
      store.putBytes(
          DriveLogWriter.PREFIX + "kitti-a-broken.avro",
          "not avro".getBytes(StandardCharsets.UTF_8));
      DriveLogTruth truth = new DriveLogTruth(store, DriveLogWriter.PREFIX);

      assertThat(truth.apply("kitti-a-000000-0")).isEqualTo(labelled.getGroundTruth());
      assertThat(truth.apply("kitti-a-000000-p0")).as("a proposal carries no truth").isNull();
      assertThat(truth.apply("kitti-a-000001-0")).as("not uploaded yet").isNull();

      Frame later = Frame.newBuilder(simulator.frame(2)).setFrameId("kitti-a-000001-0").build();
      writer.write("kitti-a-000001", List.of(later));
      assertThat(truth.apply("kitti-a-000001-0")).isEqualTo(later.getGroundTruth());
      assertThat(truth.known()).isEqualTo(2);

      // simulated frames first, then the drive logs
      var both = SimulatedLabellers.firstKnown(SimulatedLabellers.simulatorTruth(), truth);
      assertThat(both.apply("kitti-a-000000-0")).isEqualTo(labelled.getGroundTruth());
      ObjectClass simulated = SensorSimulator.builder().seed(5).build().frame(3).getGroundTruth();
      assertThat(both.apply("sim-5-3")).isEqualTo(simulated);
    }
  }
}
