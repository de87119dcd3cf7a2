package dev.handmade.model.kitti;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.model.proposals.ObjectProposer;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The proposals on the labelled KITTI sample frames, against their labels: for every Car,
 * Pedestrian and Cyclist, whether one proposal holds it (at least 80% of its returns, at most
 * 20% foreign), and how many proposals each frame asks people to look at.
 *
 * <p>The goal is a recall of at least 90% with at most 15 proposals per frame. The
 * proposer meets it on the sample: all three objects with enough returns are held, the dark car
 * at 35 m in 000002 too, now that a gap the lidar saw through (between the car and the wall
 * beside it, seen edge-on) parts two pieces. The recall asserted is what the proposer reaches
 * today, so that it cannot get worse unnoticed; the printed report says how far it is from the
 * goal.
 */
class ProposalQualityTest {

  @Test
  void proposalsHoldTheLabelledObjectsWithFewProposalsPerFrame() throws IOException {
    ProposalQuality.Summary summary =
        new ProposalQuality(new ObjectProposer(ObjectProposer.Config.defaults()), 10)
            .evaluate(KittiSample.dataset());
    ProposalQualityReport.print(summary, System.out);

    assertThat(summary.frames()).hasSize(3);
    assertThat(summary.frames()).allSatisfy(f -> assertThat(f.problems()).isEmpty());
    assertThat(summary.counted()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(summary.found()).as("labelled objects held by a proposal").isGreaterThanOrEqualTo(3);
    assertThat(summary.maxProposals()).isLessThanOrEqualTo(ProposalQualityReport.GOAL_PROPOSALS);
  }
}
