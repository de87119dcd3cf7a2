package dev.handmade.model.kitti;

import dev.handmade.model.proposals.ObjectEnvelopes.Rejection;
import dev.handmade.model.proposals.ObjectProposer;
import dev.handmade.model.proposals.Proposal;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * How good the object proposals are on labelled KITTI frames, measured the way a labeller would
 * feel it: for every labelled Car, Pedestrian and Cyclist, whether one proposal holds at least
 * {@value #MIN_HELD} of the returns inside its 3D box with at most {@value #MAX_FOREIGN} of the
 * proposal's returns from outside it; and how many proposals each frame asks people to look at.
 *
 * <p>The labels' own points are the importer's (every sweep point inside the 3D box), so the
 * measure shares nothing with the proposer. An object with fewer than {@code minReturns} returns
 * in its box is listed but not counted in recall: nothing in the sweep says it is there.
 */
public final class ProposalQuality {

  public static final double MIN_HELD = 0.8;
  public static final double MAX_FOREIGN = 0.2;
  public static final Set<String> TYPES = Set.of("Car", "Pedestrian", "Cyclist");

  /**
   * One labelled object and the proposal that holds most of it.
   *
   * @param returns sweep points inside its 3D box
   * @param held share of those in the best proposal (0 when none holds any)
   * @param foreign share of the best proposal's points outside the box
   * @param best the proposal holding most of it, or null
   */
  public record ObjectResult(
      String frame,
      String type,
      double range,
      int returns,
      double held,
      double foreign,
      Proposal best) {

    public boolean found() {
      return held >= MIN_HELD && foreign <= MAX_FOREIGN;
    }
  }

  /** One frame: its proposals, its labelled objects of the three types, and what the filter left out. */
  public record FrameResult(
      String frame,
      List<Proposal> proposals,
      List<ObjectResult> objects,
      Map<Rejection, Integer> rejected,
      List<ImportReport.Problem> problems) {}

  /** Every frame, with the totals. */
  public record Summary(List<FrameResult> frames, int minReturns) {

    /** Objects with at least {@code minReturns} returns. */
    public List<ObjectResult> counted() {
      return frames.stream()
          .flatMap(f -> f.objects().stream())
          .filter(o -> o.returns() >= minReturns)
          .toList();
    }

    public long found() {
      return counted().stream().filter(ObjectResult::found).count();
    }

    /** Found over counted; NaN when no object was counted. */
    public double recall() {
      List<ObjectResult> counted = counted();
      return counted.isEmpty() ? Double.NaN : (double) found() / counted.size();
    }

    public double proposalsPerFrame() {
      return frames.isEmpty()
          ? Double.NaN
          : frames.stream().mapToInt(f -> f.proposals().size()).sum() / (double) frames.size();
    }

    public int maxProposals() {
      return frames.stream().mapToInt(f -> f.proposals().size()).max().orElse(0);
    }
  }

  private final ObjectProposer proposer;
  private final int minReturns;

  public ProposalQuality(ObjectProposer proposer, int minReturns) {
    if (minReturns < 1) {
      throw new IllegalArgumentException("minReturns must be at least 1, got " + minReturns);
    }
    this.proposer = proposer;
    this.minReturns = minReturns;
  }

  /** Every labelled frame of the split. */
  public Summary evaluate(KittiDataset dataset) throws IOException {
    List<FrameResult> frames = new ArrayList<>();
    KittiImporter labels = KittiImporter.builder().drive("quality").proposer(null).build();
    for (String frame : dataset.frames()) {
      if (Files.exists(dataset.label(frame))) {
        frames.add(evaluate(dataset, frame, labels));
      }
    }
    return new Summary(frames, minReturns);
  }

  private FrameResult evaluate(KittiDataset dataset, String frame, KittiImporter labels) {
    KittiImporter.FrameResult labelled = labels.readFrame(dataset, frame);
    List<ImportReport.Problem> problems = new ArrayList<>(labelled.problems());
    Map<Rejection, Integer> rejected = new EnumMap<>(Rejection.class);
    KittiCalibration calib;
    VelodyneScan scan;
    BufferedImage image;
    try {
      calib = KittiCalibration.read(dataset.calib(frame), dataset.name(dataset.calib(frame)));
      scan = VelodyneScan.read(dataset.velodyne(frame), dataset.name(dataset.velodyne(frame)));
      image = ImageIO.read(dataset.image(frame).toFile());
      if (image == null) {
        throw new KittiFormatException(
            dataset.name(dataset.image(frame)), 0, "not an image ImageIO can read");
      }
    } catch (KittiFormatException e) {
      problems.add(e.problem());
      return new FrameResult(frame, List.of(), List.of(), rejected, problems);
    } catch (IOException e) {
      problems.add(new ImportReport.Problem(dataset.name(dataset.image(frame)), 0, e.getMessage()));
      return new FrameResult(frame, List.of(), List.of(), rejected, problems);
    }
    ObjectProposer.Result result =
        proposer.propose(
            scan.values(), KittiImporter.camera(calib, image.getWidth(), image.getHeight()));
    List<ObjectResult> objects = new ArrayList<>();
    for (KittiImporter.Observation o : labelled.observations()) {
      KittiLabel label = o.label();
      if (!TYPES.contains(label.type())) {
        continue;
      }
      boolean[] inBox = new boolean[scan.size()];
      for (int i : o.sourcePoints()) {
        inBox[i] = true;
      }
      Proposal best = null;
      int bestHeld = 0;
      for (Proposal p : result.proposals()) {
        int held = 0;
        for (int i : p.points()) {
          if (inBox[i]) {
            held++;
          }
        }
        if (held > bestHeld) {
          bestHeld = held;
          best = p;
        }
      }
      double[] centre = calib.rectToVelo(label.x(), label.y() - label.height() / 2, label.z());
      int returns = o.sourcePoints().length;
      objects.add(
          new ObjectResult(
              frame,
              label.type(),
              Math.hypot(centre[0], centre[1]),
              returns,
              returns == 0 ? 0 : (double) bestHeld / returns,
              best == null ? 1 : 1 - (double) bestHeld / best.points().length,
              best));
    }
    return new FrameResult(frame, result.proposals(), objects, result.rejected(), problems);
  }
}
