package dev.handmade.pipeline.validate;

import dev.handmade.labelling.api.FrameLimits;
import dev.handmade.model.classifier.FrameTensors;
import dev.handmade.model.classifier.MalformedFrameException;
import dev.handmade.pipeline.source.IngestedFrame;
import dev.handmade.schema.CameraImage;
import dev.handmade.schema.DeadLetter;
import dev.handmade.schema.Frame;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The first step after the sources: frames the model can read go on, everything else leaves as a
 * dead letter with its reason (what the source could not decode, and frames with a crop of the
 * wrong size or points that are not numbers). Nothing here throws, so bad input never restarts
 * the job.
 */
public final class FrameValidator extends ProcessFunction<IngestedFrame, Frame> {

  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  private final String origin;
  private transient Counter rejected;

  /** @param origin names the source in dead letters whose source did not name itself */
  public FrameValidator(String origin) {
    this.origin = origin;
  }

  @Override
  public void open(OpenContext openContext) {
    rejected = getRuntimeContext().getMetricGroup().counter("deadLetters");
  }

  @Override
  public void processElement(IngestedFrame in, Context ctx, Collector<Frame> out) {
    if (!in.isFrame()) {
      rejected.inc();
      ctx.output(DEAD_LETTERS, in.deadLetter());
      return;
    }
    Frame frame = in.frame();
    try {
      if (frame.getFrameId() == null || frame.getFrameId().isBlank()) {
        throw new MalformedFrameException("<no id>", "has no frame id");
      }
      FrameTensors.validate(frame);
      // what the labelling service's intake refuses would fail the task sink: refused here instead
      if (frame.getCapturedAt() == null || frame.getCapturedAt().toEpochMilli() < 0) {
        throw new MalformedFrameException(
            frame.getFrameId(),
            "was captured before 1970 ("
                + frame.getCapturedAt()
                + "); the labelling service takes no negative times");
      }
      if (frame.getLidar().size() > FrameLimits.MAX_LIDAR_POINTS) {
        throw new MalformedFrameException(
            frame.getFrameId(),
            "has "
                + frame.getLidar().size()
                + " lidar points; the labelling service takes at most "
                + FrameLimits.MAX_LIDAR_POINTS);
      }
      if (frame.getCameraImage() != null) {
        checkCameraImage(frame.getFrameId(), frame.getCameraImage());
      }
      out.collect(frame);
    } catch (MalformedFrameException e) {
      rejected.inc();
      ctx.output(
          DEAD_LETTERS,
          DeadLetter.newBuilder()
              .setFrameId(frame.getFrameId())
              .setOrigin(frame.getSource() == null ? origin : frame.getSource())
              .setStage("validate")
              .setReason(e.getMessage())
              .setRecordedAt(Instant.ofEpochMilli(ctx.timerService().currentProcessingTime()))
              .build());
    }
  }

  private static void checkCameraImage(String frameId, CameraImage image)
      throws MalformedFrameException {
    int w = image.getWidth();
    int h = image.getHeight();
    if (!FrameLimits.sideAllowed(w) || !FrameLimits.sideAllowed(h)) {
      throw new MalformedFrameException(
          frameId,
          "has a "
              + w
              + "x"
              + h
              + " camera image; the labelling service "
              + "takes sides of 1.."
              + FrameLimits.MAX_IMAGE_SIDE);
    }
    ByteBuffer jpeg = image.getJpeg();
    int at = jpeg.position();
    int length = jpeg.remaining();
    if (length < 3
        || !FrameLimits.jpegAllowed(jpeg.get(at), jpeg.get(at + 1), jpeg.get(at + 2), length)) {
      throw new MalformedFrameException(
          frameId,
          "has a camera image that is not a JPEG of at most "
              + FrameLimits.MAX_JPEG_BYTES
              + " bytes");
    }
    float left = image.getCropLeft();
    float top = image.getCropTop();
    float right = image.getCropRight();
    float bottom = image.getCropBottom();
    if (!FrameLimits.cropInside(left, top, right, bottom, w, h)) {
      throw new MalformedFrameException(
          frameId,
          String.format(
              "marks its crop at (%s, %s)-(%s, %s), not a region " + "of its %dx%d camera image",
              left, top, right, bottom, w, h));
    }
  }
}
