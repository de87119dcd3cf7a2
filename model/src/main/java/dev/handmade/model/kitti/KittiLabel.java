package dev.handmade.model.kitti;

import dev.handmade.schema.ObjectClass;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of a KITTI {@code label_2} file: an object's type, how truncated and occluded it is,
 * its 2D box on the left colour image (pixels) and its 3D box in the rectified camera frame.
 *
 * @param line 1-based line in the label file, so that problems can name it
 * @param occluded 0 fully visible, 1 partly, 2 largely occluded, 3 unknown
 * @param height {@code h}, metres
 * @param width {@code w}, metres
 * @param length {@code l}, metres
 * @param x the bottom centre of the 3D box in the rectified camera frame, metres
 * @param rotationY rotation around the camera's y axis, radians; 0 faces the camera's x axis
 */
public record KittiLabel(
    int line,
    String type,
    double truncated,
    int occluded,
    double alpha,
    double left,
    double top,
    double right,
    double bottom,
    double height,
    double width,
    double length,
    double x,
    double y,
    double z,
    double rotationY) {

  /** KITTI's marker for regions with objects nobody labelled; they make no frame. */
  public static final String DONT_CARE = "DontCare";

  private static final int FIELDS = 15;

  /**
   * Our class for the KITTI type: Car and Van are cars, Person_sitting is a pedestrian, Misc and
   * Tram are other. Empty for DontCare and for types KITTI does not define.
   */
  public static Optional<ObjectClass> map(String type) {
    return Optional.ofNullable(
        switch (type) {
          case "Car", "Van" -> ObjectClass.CAR;
          case "Truck" -> ObjectClass.TRUCK;
          case "Pedestrian", "Person_sitting" -> ObjectClass.PEDESTRIAN;
          case "Cyclist" -> ObjectClass.CYCLIST;
          case "Misc", "Tram" -> ObjectClass.OTHER;
          default -> null;
        });
  }

  public boolean isDontCare() {
    return DONT_CARE.equals(type);
  }

  /** What occlusion the frame records for KITTI's occlusion level. */
  public double occlusionShare() {
    return switch (occluded) {
      case 0 -> 0.0;
      case 1 -> 0.3;
      case 2 -> 0.6;
      default -> 0.9;
    };
  }

  /** The labels of a file and the lines that could not be read. */
  public record Parsed(List<KittiLabel> labels, List<ImportReport.Problem> problems) {}

  /**
   * Reads a label file; a line that is not a label is reported and skipped, the others are kept.
   *
   * @param name how the file is named in problems (e.g. {@code label_2/000001.txt})
   */
  public static Parsed read(Path file, String name) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    List<KittiLabel> labels = new ArrayList<>();
    List<ImportReport.Problem> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty()) {
        continue;
      }
      try {
        labels.add(parse(text, i + 1));
      } catch (IllegalArgumentException e) {
        problems.add(new ImportReport.Problem(name, i + 1, e.getMessage()));
      }
    }
    return new Parsed(labels, problems);
  }

  /** @throws IllegalArgumentException saying what is wrong with the line */
  static KittiLabel parse(String text, int line) {
    String[] f = text.split("\\s+");
    if (f.length != FIELDS && f.length != FIELDS + 1) {
      // a 16th field is the detection score of result files; labels have 15
      throw new IllegalArgumentException("expected " + FIELDS + " fields, found " + f.length);
    }
    String type = f[0];
    double[] v = new double[FIELDS - 1];
    for (int k = 1; k < FIELDS; k++) {
      try {
        v[k - 1] = Double.parseDouble(f[k]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("field " + (k + 1) + " '" + f[k] + "' is not a number");
      }
      if (!Double.isFinite(v[k - 1])) {
        throw new IllegalArgumentException("field " + (k + 1) + " '" + f[k] + "' is not finite");
      }
    }
    KittiLabel label =
        new KittiLabel(
            line,
            type,
            v[0],
            (int) v[1],
            v[2],
            v[3],
            v[4],
            v[5],
            v[6],
            v[7],
            v[8],
            v[9],
            v[10],
            v[11],
            v[12],
            v[13]);
    if (!label.isDontCare()) {
      if (map(type).isEmpty()) {
        throw new IllegalArgumentException("unknown object type '" + type + "'");
      }
      if (!(label.height > 0 && label.width > 0 && label.length > 0)) {
        throw new IllegalArgumentException(
            "3D box size h=" + f[8] + " w=" + f[9] + " l=" + f[10] + " is not positive");
      }
    }
    return label;
  }
}
