package dev.handmade.model.kitti;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The arguments every importer takes, checked alike: the drive name ends up in object keys and frame ids. */
public final class ImportArguments {

  private static final Pattern DRIVE_NAME = Pattern.compile("[A-Za-z0-9_.]+(-[A-Za-z0-9_.]+)*");

  private ImportArguments() {}

  /** @throws IllegalArgumentException naming every invalid argument */
  public static void check(String drive, int cropSize) {
    List<String> problems = new ArrayList<>();
    if (drive == null || !DRIVE_NAME.matcher(drive).matches()) {
      problems.add(
          "drive '" + drive + "' must be letters, digits, '_', '.' and single '-' between them");
    }
    if (cropSize < 1 || cropSize > 4096) {
      problems.add("cropSize " + cropSize + " must be in 1..4096");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }
}
