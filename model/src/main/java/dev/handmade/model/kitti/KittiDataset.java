package dev.handmade.model.kitti;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A split of the KITTI 3D object layout: {@code <root>/<split>/velodyne/NNNNNN.bin},
 * {@code image_2/NNNNNN.png}, {@code label_2/NNNNNN.txt} (absent in the testing split) and
 * {@code calib/NNNNNN.txt}.
 */
public record KittiDataset(Path root, String split) {

  private static final Pattern FRAME_NAME = Pattern.compile("\\d{1,9}");

  public Path splitDir() {
    return root.resolve(split);
  }

  /**
   * The frames of the split, in order: every number that has a sweep or a label file, so that a
   * label whose sweep is missing is reported rather than silently passed over.
   */
  public List<String> frames() throws IOException {
    TreeSet<String> names = new TreeSet<>();
    collect(splitDir().resolve("velodyne"), ".bin", names);
    collect(splitDir().resolve("label_2"), ".txt", names);
    return List.copyOf(names);
  }

  private static void collect(Path dir, String suffix, TreeSet<String> names) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + suffix)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        String stem = name.substring(0, name.length() - suffix.length());
        if (FRAME_NAME.matcher(stem).matches()) {
          names.add(stem);
        }
      }
    }
  }

  public Path velodyne(String frame) {
    return splitDir().resolve("velodyne").resolve(frame + ".bin");
  }

  public Path image(String frame) {
    return splitDir().resolve("image_2").resolve(frame + ".png");
  }

  public Path label(String frame) {
    return splitDir().resolve("label_2").resolve(frame + ".txt");
  }

  public Path calib(String frame) {
    return splitDir().resolve("calib").resolve(frame + ".txt");
  }

  /** How a file of the split is named in problems: relative to the split, e.g. {@code calib/000001.txt}. */
  public String name(Path file) {
    return splitDir().relativize(file).toString();
  }
}
