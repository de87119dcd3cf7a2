package dev.handmade.model.proposals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.model.kitti.KittiCalibration;
import dev.handmade.model.kitti.KittiDataset;
import dev.handmade.model.kitti.KittiImporter;
import dev.handmade.model.kitti.KittiFormatException;
import dev.handmade.model.kitti.KittiLabel;
import dev.handmade.model.kitti.KittiSample;
import dev.handmade.model.kitti.VelodyneScan;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Proposals on the three real sweeps of the KITTI sample, matched against their labels: every
 * labelled object near enough for the lidar to see it well must have a cluster.
 */
class ObjectProposerTest {

  /** How near the issue asks: within 30 m, with at least 20 returns inside the 3D box. */
  private static final double MAX_RANGE = 30;
  private static final int MIN_POINTS = 20;
  /**
   * A cluster's box covers only the sides the lidar sees, and ground removal takes off the
   * bottom 20 cm, so its centre sits up to about half the object's width off the label's: 1.5 m
   * covers a car seen from one side and still tells neighbouring objects apart.
   */
  private static final double MATCH_DISTANCE = 1.5;

  @Test
  void findsAClusterForEveryNearbyWellSeenObject() throws IOException, KittiFormatException {
    KittiDataset dataset = KittiSample.dataset();
    KittiImporter importer = KittiImporter.builder().drive("sample").build();
    ObjectProposer proposer = new ObjectProposer(ObjectProposer.Config.defaults());
    int matched = 0;
    int others = 0;
    for (String frame : dataset.frames()) {
      KittiCalibration calib = KittiCalibration.read(dataset.calib(frame), frame);
      VelodyneScan scan = VelodyneScan.read(dataset.velodyne(frame), frame);
      BufferedImage image = ImageIO.read(dataset.image(frame).toFile());
      long start = System.nanoTime();
      ObjectProposer.Result result = proposer.propose(scan.values(), camera(calib, image));
      long millis = (System.nanoTime() - start) / 1_000_000;

      List<Proposal> unmatched = new ArrayList<>(result.proposals());
      for (KittiImporter.Observation o : importer.readFrame(dataset, frame).observations()) {
        KittiLabel label = o.label();
        double[] centre = calib.rectToVelo(label.x(), label.y() - label.height() / 2, label.z());
        double range = Math.hypot(centre[0], centre[1]);
        if (range > MAX_RANGE || o.sourcePoints().length < MIN_POINTS) {
          continue;
        }
        Proposal nearest = null;
        double best = Double.POSITIVE_INFINITY;
        for (Proposal p : result.proposals()) {
          double d = Math.sqrt(Math.pow(p.centreX() - centre[0], 2) + Math.pow(p.centreY() - centre[1], 2)
              + Math.pow(p.centreZ() - centre[2], 2));
          if (d < best) {
            best = d;
            nearest = p;
          }
        }
        System.out.printf("%s %s at %.1f m (%d points in its box): nearest cluster %.2f m away, %d points, "
                + "%.1f x %.1f x %.1f m%n", frame, label.type(), range, o.sourcePoints().length, best,
            nearest == null ? 0 : nearest.points().length, nearest == null ? 0 : nearest.length(),
            nearest == null ? 0 : nearest.width(), nearest == null ? 0 : nearest.height());
        assertThat(best).as("%s %s: distance to the nearest cluster", frame, label.type())
            .isLessThanOrEqualTo(MATCH_DISTANCE);
        unmatched.remove(nearest);
        matched++;
      }
      others += unmatched.size();
      System.out.printf("%s: %d points, %d on the ground, %d clusters, %d in the camera's view (%d matched to"
              + " labels, %d others), %d ms%n", frame, scan.size(), result.groundPoints(), result.clusters(),
          result.proposals().size(), result.proposals().size() - unmatched.size(), unmatched.size(), millis);
      assertThat(result.groundPoints()).as("the road is the largest surface").isGreaterThan(scan.size() / 4);
      assertThat(result.clusters()).isGreaterThanOrEqualTo(result.proposals().size());
    }
    System.out.printf("labelled objects matched: %d, other clusters in view: %d%n", matched, others);
    // the pedestrian of 000000 and the Misc object of 000002 are the sample's near, well-seen objects
    assertThat(matched).isEqualTo(2);
    assertThat(others).as("other clusters are counted").isGreaterThan(0);
  }

  static CameraProjection camera(KittiCalibration calib, BufferedImage image) {
    return new CameraProjection() {
      @Override
      public double[] project(double x, double y, double z) {
        return calib.veloToImage(x, y, z);
      }

      @Override
      public int imageWidth() {
        return image.getWidth();
      }

      @Override
      public int imageHeight() {
        return image.getHeight();
      }
    };
  }
}
