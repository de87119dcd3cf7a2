package dev.handmade.model.kitti;

import dev.handmade.model.proposals.CameraProjection;
import dev.handmade.model.proposals.ObjectEnvelopes.Rejection;
import dev.handmade.model.proposals.ObjectProposer;
import dev.handmade.model.proposals.Proposal;
import dev.handmade.schema.CameraCrop;
import dev.handmade.schema.CaptureConditions;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LidarPoint;
import dev.handmade.schema.Lighting;
import dev.handmade.schema.ObjectBox;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Weather;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes frames out of a KITTI 3D object split: one per labelled object (DontCare regions make
 * none) and, for frames without a label file, one per {@link ObjectProposer object proposal}.
 *
 * <p>A labelled object's frame holds the left colour camera's crop of its 2D box, resized to
 * {@code cropSize} square, and the lidar returns inside its 3D box, in the object's frame: x
 * along its heading, y to its left, z up, origin on the ground under its centre. The mapped class
 * is the ground truth.
 *
 * <p>Bad input never stops an import: a frame whose calibration, sweep or image cannot be read is
 * skipped, a label line that cannot be read or whose box is off the image is skipped, and each is
 * reported with its file and line.
 */
public final class KittiImporter {

  public static final int DEFAULT_CROP_SIZE = 64;

  // KITTI's object split has no timestamps (its frames are drawn from many drives); a fixed
  // instant per frame number, 100 ms apart as the 10 Hz sweeps were, keeps imports reproducible
  private static final Instant KITTI_EPOCH = Instant.parse("2011-09-26T00:00:00Z");

  /**
   * One frame made, with what it was made from.
   *
   * @param sourcePoints indices in the sweep of the points in the frame's lidar list, in order
   * @param label the label it was made from, null for a proposal
   * @param proposal the proposal it was made from, null for a labelled object
   */
  public record Observation(Frame frame, int[] sourcePoints, KittiLabel label, Proposal proposal) {}

  /**
   * What one KITTI frame gave.
   *
   * @param proposed whether it had no labels and its frames are proposals
   * @param rejected the segments the proposer left out, by reason (empty for labelled frames)
   */
  public record FrameResult(
      String frame,
      List<Observation> observations,
      int dontCare,
      boolean proposed,
      List<ImportReport.Problem> problems,
      Map<Rejection, Integer> rejected) {

    FrameResult(
        String frame,
        List<Observation> observations,
        int dontCare,
        boolean proposed,
        List<ImportReport.Problem> problems) {
      this(frame, observations, dontCare, proposed, problems, Map.of());
    }

    public List<Frame> frames() {
      return observations.stream().map(Observation::frame).toList();
    }
  }

  /** Hears about each KITTI frame as it is done. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param index 0-based, of {@code total}
     * @param writtenTo where its frames went, null when it made none
     */
    void frameDone(int index, int total, FrameResult result, String writtenTo);
  }

  private final String drive;
  private final int cropSize;
  private final ObjectProposer proposer;

  private KittiImporter(Builder b) {
    this.drive = b.drive;
    this.cropSize = b.cropSize;
    this.proposer = b.proposer;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String drive() {
    return drive;
  }

  /**
   * Imports every frame of the split, writing each KITTI frame's frames as one drive-log file
   * ({@code kitti-<drive>-<frame>}).
   *
   * @throws IOException when the split's folders cannot be listed
   */
  public ImportReport importAll(KittiDataset dataset, FrameSink sink, Listener listener)
      throws IOException {
    Objects.requireNonNull(sink, "sink");
    List<String> names = dataset.frames();
    Map<ObjectClass, Integer> perClass = new EnumMap<>(ObjectClass.class);
    List<ImportReport.Problem> problems = new ArrayList<>();
    int proposals = 0;
    Map<Rejection, Integer> rejected = new EnumMap<>(Rejection.class);
    int dontCare = 0;
    int files = 0;
    if (names.isEmpty()) {
      problems.add(
          new ImportReport.Problem(
              dataset.splitDir().toString(),
              0,
              "no KITTI frames: expected velodyne/NNNNNN.bin or label_2/NNNNNN.txt under it"));
    }
    for (int i = 0; i < names.size(); i++) {
      FrameResult result = readFrame(dataset, names.get(i));
      problems.addAll(result.problems());
      dontCare += result.dontCare();
      result.rejected().forEach((reason, n) -> rejected.merge(reason, n, Integer::sum));
      for (Observation o : result.observations()) {
        if (o.proposal() != null) {
          proposals++;
        } else {
          perClass.merge(o.frame().getGroundTruth(), 1, Integer::sum);
        }
      }
      String writtenTo = null;
      if (!result.observations().isEmpty()) {
        writtenTo = sink.write("kitti-" + drive + "-" + result.frame(), result.frames());
        files++;
      }
      if (listener != null) {
        listener.frameDone(i, names.size(), result, writtenTo);
      }
    }
    return new ImportReport(names.size(), perClass, proposals, rejected, dontCare, files, problems);
  }

  /** The frames of one KITTI frame, and its problems; reads, writes nothing. */
  public FrameResult readFrame(KittiDataset dataset, String frame) {
    List<ImportReport.Problem> problems = new ArrayList<>();
    Path labelFile = dataset.label(frame);
    boolean labelled = Files.exists(labelFile);
    if (!labelled && proposer == null) {
      return new FrameResult(frame, List.of(), 0, false, problems);
    }
    KittiLabel.Parsed parsed = null;
    if (labelled) {
      try {
        parsed = KittiLabel.read(labelFile, dataset.name(labelFile));
        problems.addAll(parsed.problems());
      } catch (IOException e) {
        problems.add(
            new ImportReport.Problem(
                dataset.name(labelFile), 0, "cannot read labels: " + e.getMessage()));
        return new FrameResult(frame, List.of(), 0, false, problems);
      }
    }
    KittiCalibration calib;
    VelodyneScan scan;
    BufferedImage image;
    try {
      calib = KittiCalibration.read(dataset.calib(frame), dataset.name(dataset.calib(frame)));
      scan = VelodyneScan.read(dataset.velodyne(frame), dataset.name(dataset.velodyne(frame)));
      image = readImage(dataset.image(frame), dataset.name(dataset.image(frame)));
    } catch (KittiFormatException e) {
      problems.add(e.problem());
      return new FrameResult(frame, List.of(), 0, !labelled, problems);
    }
    if (!labelled) {
      Map<Rejection, Integer> rejected = new EnumMap<>(Rejection.class);
      return new FrameResult(
          frame, proposals(frame, calib, scan, image, rejected), 0, true, problems, rejected);
    }
    CameraCrops.Overview overview = CameraCrops.overview(image);
    double[] rect = new double[3 * scan.size()];
    for (int i = 0; i < scan.size(); i++) {
      double[] r = calib.veloToRect(scan.x(i), scan.y(i), scan.z(i));
      System.arraycopy(r, 0, rect, 3 * i, 3);
    }
    List<Observation> observations = new ArrayList<>();
    int dontCare = 0;
    String labelName = dataset.name(labelFile);
    for (KittiLabel label : parsed.labels()) {
      if (label.isDontCare()) {
        dontCare++;
        continue;
      }
      int[] region =
          CameraCrops.clip(
              label.left(),
              label.top(),
              label.right(),
              label.bottom(),
              image.getWidth(),
              image.getHeight());
      if (region == null) {
        problems.add(
            new ImportReport.Problem(
                labelName,
                label.line(),
                String.format(
                    "2D box (%.1f, %.1f)-(%.1f, %.1f) has no pixels on the %dx%d image %s",
                    label.left(),
                    label.top(),
                    label.right(),
                    label.bottom(),
                    image.getWidth(),
                    image.getHeight(),
                    dataset.name(dataset.image(frame)))));
        continue;
      }
      observations.add(
          labelled(frame, observations.size(), label, calib, scan, rect, image, overview, region));
    }
    return new FrameResult(frame, observations, dontCare, false, problems);
  }

  private Observation labelled(
      String frame,
      int index,
      KittiLabel label,
      KittiCalibration calib,
      VelodyneScan scan,
      double[] rect,
      BufferedImage image,
      CameraCrops.Overview overview,
      int[] region) {
    double c = Math.cos(label.rotationY());
    double s = Math.sin(label.rotationY());
    double halfLength = label.length() / 2;
    double halfWidth = label.width() / 2;
    List<LidarPoint> points = new ArrayList<>();
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < scan.size(); i++) {
      double dx = rect[3 * i] - label.x();
      double dy = rect[3 * i + 1] - label.y();
      double dz = rect[3 * i + 2] - label.z();
      // into the box's axes: camera y is down, so the box spans y in [-h, 0] above its bottom
      // centre
      double along = c * dx - s * dz;
      double across = s * dx + c * dz;
      if (Math.abs(along) <= halfLength
          && Math.abs(across) <= halfWidth
          && dy <= 0
          && dy >= -label.height()) {
        // box axes (along, down, across) to the object's (forward, left, up): across is its left
        points.add(new LidarPoint((float) along, (float) across, (float) -dy, scan.reflectance(i)));
        kept.add(i);
      }
    }
    double[] centre = calib.rectToVelo(label.x(), label.y() - label.height() / 2, label.z());
    double range = Math.sqrt(centre[0] * centre[0] + centre[1] * centre[1] + centre[2] * centre[2]);
    // rotation_y turns the box about the camera's down axis from its x (right); in the lidar
    // frame (x forward, y left, z up) that heading is -ry - pi/2
    double yaw = Math.IEEEremainder(-label.rotationY() - Math.PI / 2, 2 * Math.PI);
    ObjectClass objectClass = KittiLabel.map(label.type()).orElseThrow();
    Frame f =
        Frame.newBuilder()
            .setFrameId("kitti-" + drive + "-" + frame + "-" + index)
            .setSource("kitti:" + drive)
            .setVehicleId("kitti")
            .setCapturedAt(capturedAt(frame))
            .setCamera(
                new CameraCrop(
                    cropSize, cropSize, ByteBuffer.wrap(CameraCrops.crop(image, region, cropSize))))
            .setLidar(points)
            .setConditions(conditions(range, label.occlusionShare()))
            .setBox(
                new ObjectBox(
                    (float) label.length(),
                    (float) label.width(),
                    (float) label.height(),
                    (float) yaw))
            .setGroundTruth(objectClass)
            .setCameraImage(overview.withCrop(region))
            .build();
    return new Observation(f, kept.stream().mapToInt(Integer::intValue).toArray(), label, null);
  }

  private List<Observation> proposals(
      String frame,
      KittiCalibration calib,
      VelodyneScan scan,
      BufferedImage image,
      Map<Rejection, Integer> rejected) {
    CameraProjection camera = camera(calib, image.getWidth(), image.getHeight());
    ObjectProposer.Result result = proposer.propose(scan.values(), camera);
    rejected.putAll(result.rejected());
    List<Observation> observations = new ArrayList<>();
    CameraCrops.Overview overview =
        result.proposals().isEmpty() ? null : CameraCrops.overview(image);
    for (Proposal p : result.proposals()) {
      int[] region =
          CameraCrops.clip(
              p.imageBox()[0],
              p.imageBox()[1],
              p.imageBox()[2],
              p.imageBox()[3],
              image.getWidth(),
              image.getHeight());
      if (region == null) {
        continue;
      }
      List<LidarPoint> points = new ArrayList<>(p.points().length);
      for (int i : p.points()) {
        double[] local = p.toLocal(scan.x(i), scan.y(i), scan.z(i));
        points.add(
            new LidarPoint(
                (float) local[0], (float) local[1], (float) local[2], scan.reflectance(i)));
      }
      Frame f =
          Frame.newBuilder()
              .setFrameId("kitti-" + drive + "-" + frame + "-p" + observations.size())
              .setSource("kitti:" + drive)
              .setVehicleId("kitti")
              .setCapturedAt(capturedAt(frame))
              .setCamera(
                  new CameraCrop(
                      cropSize,
                      cropSize,
                      ByteBuffer.wrap(CameraCrops.crop(image, region, cropSize))))
              .setLidar(points)
              // nothing says how much of a proposal is hidden: occlusion is recorded as none
              .setConditions(conditions(p.range(), 0))
              .setBox(
                  new ObjectBox(
                      (float) p.length(), (float) p.width(), (float) p.height(), (float) p.yaw()))
              .setGroundTruth(null)
              .setCameraImage(overview.withCrop(region))
              .build();
      observations.add(new Observation(f, p.points().clone(), null, p));
    }
    return observations;
  }

  /** The left colour camera of a KITTI frame, as the proposer sees it. */
  static CameraProjection camera(KittiCalibration calib, int width, int height) {
    return new CameraProjection() {
      @Override
      public double[] project(double x, double y, double z) {
        return calib.veloToImage(x, y, z);
      }

      @Override
      public int imageWidth() {
        return width;
      }

      @Override
      public int imageHeight() {
        return height;
      }
    };
  }

  private static CaptureConditions conditions(double range, double occlusion) {
    // KITTI was recorded by day in clear weather
    return CaptureConditions.newBuilder()
        .setRangeMeters((float) range)
        .setOcclusion((float) occlusion)
        .setLighting(Lighting.DAY)
        .setWeather(Weather.CLEAR)
        .build();
  }

  private static Instant capturedAt(String frame) {
    return KITTI_EPOCH.plusMillis(100 * Long.parseLong(frame));
  }

  private static BufferedImage readImage(Path file, String name) throws KittiFormatException {
    try {
      return CameraCrops.read(file);
    } catch (CameraCrops.UnreadableImage e) {
      throw new KittiFormatException(name, 0, e.getMessage(), e.getCause());
    }
  }

  public static final class Builder {
    private String drive;
    private int cropSize = DEFAULT_CROP_SIZE;
    private ObjectProposer proposer = new ObjectProposer(ObjectProposer.Config.defaults());

    private Builder() {}

    /** Names the import in frame ids, the source and drive-log names: letters, digits, '_', '.', '-'. */
    public Builder drive(String drive) {
      this.drive = drive;
      return this;
    }

    /** Side of the square camera crops, pixels (default 64). */
    public Builder cropSize(int cropSize) {
      this.cropSize = cropSize;
      return this;
    }

    /** How frames without labels are searched for objects; null imports only labelled frames. */
    public Builder proposer(ObjectProposer proposer) {
      this.proposer = proposer;
      return this;
    }

    /** @throws IllegalArgumentException naming every missing or invalid argument */
    public KittiImporter build() {
      ImportArguments.check(drive, cropSize);
      return new KittiImporter(this);
    }
  }
}
