package dev.handmade.model.kitti;

import dev.handmade.schema.Frame;
import java.util.List;

/** Where imported frames go: one drive-log file per call. */
@FunctionalInterface
public interface FrameSink {

  /**
   * @param logName the file's name without folder or extension, e.g. {@code kitti-sample-000001}
   * @return where it was written, for the progress line
   */
  String write(String logName, List<Frame> frames);
}
