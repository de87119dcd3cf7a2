package dev.handmade.pipeline.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.handmade.schema.CameraCrop;
import dev.handmade.schema.CaptureConditions;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LabelOrigin;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Route;
import dev.handmade.schema.TrainingExample;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EvidenceSplitTest {

  private final EvidenceSplit split = new EvidenceSplit(20, 2);

  @Test
  void everyAuditSampleAndTheHoldOutShareOfTheRestAreEvidence() {
    long held =
        IntStream.range(0, 10_000).filter(i -> split.isEvidence("f-" + i, Route.UNCERTAIN)).count();
    assertThat(held / 10_000.0).isCloseTo(0.20, within(0.02));
    assertThat(
            IntStream.range(0, 1000).allMatch(i -> split.isEvidence("f-" + i, Route.AUDIT_SAMPLE)))
        .isTrue();
    assertThat(split.requiredLabels("f-1", Route.AUDIT_SAMPLE)).isEqualTo(2);
  }

  @Test
  void asEvidenceAFrameIsWeightedByItsChanceOfBeingInTheEvidence() {
    // once the machine decides: an uncertain frame reached people surely and is kept one time in
    // five; an audit sample reached people one time in twenty and is always kept
    assertThat(split.asEvidence(example(Route.UNCERTAIN, 1.0)).getInclusionProbability())
        .isCloseTo(0.2, within(1e-12));
    assertThat(split.asEvidence(example(Route.AUDIT_SAMPLE, 0.05)).getInclusionProbability())
        .isCloseTo(0.05, within(1e-12));
  }

  private static TrainingExample example(Route route, double reached) {
    Frame frame =
        Frame.newBuilder()
            .setFrameId("f-1")
            .setSource("test")
            .setVehicleId("v")
            .setCapturedAt(Instant.EPOCH)
            .setCamera(
                CameraCrop.newBuilder()
                    .setWidth(1)
                    .setHeight(1)
                    .setRgb(ByteBuffer.wrap(new byte[3]))
                    .build())
            .setLidar(List.of())
            .setConditions(
                CaptureConditions.newBuilder().setRangeMeters(10).setOcclusion(0).build())
            .build();
    return TrainingExample.newBuilder()
        .setFrame(frame)
        .setLabel(ObjectClass.CAR)
        .setOrigin(LabelOrigin.HUMAN)
        .setRoute(route)
        .setInclusionProbability(reached)
        .build();
  }
}
