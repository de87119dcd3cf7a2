package dev.handmade.model.kitti;

/** A KITTI input file that cannot be read as the format says; names the file and, where there is one, the line. */
public final class KittiFormatException extends Exception {

  private final ImportReport.Problem problem;

  public KittiFormatException(String file, int line, String message) {
    this(new ImportReport.Problem(file, line, message), null);
  }

  public KittiFormatException(String file, int line, String message, Throwable cause) {
    this(new ImportReport.Problem(file, line, message), cause);
  }

  private KittiFormatException(ImportReport.Problem problem, Throwable cause) {
    super(problem.toString(), cause);
    this.problem = problem;
  }

  public ImportReport.Problem problem() {
    return problem;
  }
}
