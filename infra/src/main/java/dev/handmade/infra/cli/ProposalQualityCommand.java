package dev.handmade.infra.cli;

import dev.handmade.model.kitti.KittiDataset;
import dev.handmade.model.kitti.ProposalQuality;
import dev.handmade.model.kitti.ProposalQualityReport;
import dev.handmade.model.proposals.ObjectProposer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the object proposals against KITTI's labels: what a labeller would be asked to look at
 * on real frames, and whether the objects that matter are among it.
 */
@Command(
    name = "proposal-quality",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the lidar object proposer on labelled KITTI frames and prints, per frame and in all: for every "
          + "labelled Car, Pedestrian and Cyclist whether one proposal holds at least 80%% of the returns in its "
          + "3D box with at most 20%% foreign returns (recall), proposals per frame, and the segments the size "
          + "filter left out by reason.",
      "Exit status: 0 the goal (recall >= 90%%, <= 15 proposals in every frame) is met, 3 it is not, "
          + "1 nothing could be read."
    })
final class ProposalQualityCommand implements Callable<Integer> {

  @Option(
      names = "--kitti",
      required = true,
      paramLabel = "DIR",
      description =
          "The KITTI object folder holding the split folder (e.g. training/ with label_2/).")
  Path kittiDir;

  @Option(
      names = "--split",
      defaultValue = "training",
      description = "Split folder (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--min-returns",
      defaultValue = "10",
      paramLabel = "N",
      description =
          "Objects with fewer returns in their box are listed but not counted (default: ${DEFAULT-VALUE}).")
  int minReturns;

  @Override
  public Integer call() throws Exception {
    KittiDataset dataset = new KittiDataset(kittiDir, split);
    if (!Files.isDirectory(dataset.splitDir())) {
      System.err.println("no KITTI split at " + dataset.splitDir().toAbsolutePath());
      return 1;
    }
    ProposalQuality.Summary summary =
        new ProposalQuality(new ObjectProposer(ObjectProposer.Config.defaults()), minReturns)
            .evaluate(dataset);
    if (summary.frames().isEmpty()) {
      System.err.println(
          "no labelled frames (label_2/NNNNNN.txt) under " + dataset.splitDir().toAbsolutePath());
      return 1;
    }
    ProposalQualityReport.print(summary, System.out);
    boolean met =
        summary.recall() >= ProposalQualityReport.GOAL_RECALL
            && summary.maxProposals() <= ProposalQualityReport.GOAL_PROPOSALS;
    return met ? 0 : 3;
  }
}
