package dev.handmade.labelling.api;

import java.util.List;

/**
 * A frame as JSON: mirrors the Avro Frame without its ground truth, which has no field here and
 * so is dropped when a frame arrives with one. Lidar points are [x, y, z, intensity].
 */
public record FrameData(
    String frameId,
    String source,
    String vehicleId,
    Long capturedAt,
    CameraData camera,
    List<double[]> lidar,
    ConditionsData conditions,
    BoxData box,
    CameraImageData cameraImage) {

  /** Raw RGB, 3 bytes a pixel, row-major, base64-encoded. */
  public record CameraData(Integer width, Integer height, String rgbBase64) {}

  public record ConditionsData(
      Double rangeMeters,
      Double occlusion,
      dev.handmade.schema.Lighting lighting,
      dev.handmade.schema.Weather weather) {}

  /**
   * The whole camera image the crop was cut from, for context; the crop's region is
   * [left, top, right, bottom] in this image's pixels.
   */
  public record CameraImageData(Integer width, Integer height, String jpegBase64, double[] crop) {}

  public record BoxData(Double length, Double width, Double height, Double yaw) {}
}
