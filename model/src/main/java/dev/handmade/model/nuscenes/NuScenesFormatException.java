package dev.handmade.model.nuscenes;

import dev.handmade.model.kitti.ImportReport;

/** A nuScenes file that cannot be read as the schema says; names the file and, for a table, the row (1-based). */
public final class NuScenesFormatException extends Exception {

  private final ImportReport.Problem problem;

  NuScenesFormatException(String file, int row, String message) {
    this(file, row, message, null);
  }

  NuScenesFormatException(String file, int row, String message, Throwable cause) {
    super(new ImportReport.Problem(file, row, message).toString(), cause);
    this.problem = new ImportReport.Problem(file, row, message);
  }

  public ImportReport.Problem problem() {
    return problem;
  }
}
