package dev.handmade.pipeline.source.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import dev.handmade.schema.Frame;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatedFramesTest {

  private final SensorSimulator simulator = SensorSimulator.builder().seed(5).build();

  @Test
  void anEndlessSimulatedStreamHasCaptureTimesAfter1970ToItsLastFrame() {
    Frame last = simulator.frames(SimulatedFrames.ENDLESS - 1, 1).get(0);
    assertThat(last.getCapturedAt()).isAfter(Instant.EPOCH);
  }

  @Test
  void aReplayedFrameIsTheRenderedOneUnderAnIdAndCaptureTimeOfItsOwnAndItsTruthIsKnown() {
    SimulatedFrames replaying = new SimulatedFrames(5, 0, 3);
    replaying.open(null);

    Frame first = replaying.map(1L).frame();
    Frame again = replaying.map(4L).frame();

    assertThat(first.getFrameId()).isEqualTo("sim-5-1-0");
    assertThat(again.getFrameId()).isEqualTo("sim-5-1-1");
    assertThat(again.getCamera()).isEqualTo(simulator.frame(1).getCamera());
    assertThat(again.getLidar()).isEqualTo(simulator.frame(1).getLidar());
    assertThat(again.getCapturedAt()).isEqualTo(simulator.frame(4).getCapturedAt());
    assertThat(SimulatedLabellers.simulatorTruth().apply(again.getFrameId()))
        .isEqualTo(simulator.frame(1).getGroundTruth());
  }

  @Test
  void withoutReplayEveryFrameIsRenderedUnderTheSimulatorsId() {
    SimulatedFrames rendering = new SimulatedFrames(5, 0, 0);
    rendering.open(null);

    assertThat(rendering.map(4L).frame()).isEqualTo(simulator.frame(4));
  }

  @Test
  void aReplayLargerThanAReaderCanKeepOrNegativeIsRefusedWithTheReason() {
    assertThatThrownBy(() -> new SimulatedFrames(5, 0, SimulatedFrames.MAX_DISTINCT_FRAMES + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keeps them in memory");
    assertThatThrownBy(() -> new SimulatedFrames(5, 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
