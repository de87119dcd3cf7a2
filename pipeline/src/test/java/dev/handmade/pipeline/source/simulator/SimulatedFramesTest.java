package dev.handmade.pipeline.source.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.model.simulator.SensorSimulator;
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
}
