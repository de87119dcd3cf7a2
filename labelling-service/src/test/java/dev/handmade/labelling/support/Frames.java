package dev.handmade.labelling.support;

import java.util.Base64;
import java.util.Locale;
import java.util.Random;

/** Task JSON for tests: a small camera crop and a handful of lidar points inside a box. */
public final class Frames {

  private Frames() {}

  public static String task(
      String frameId, String kind, double priority, Integer requiredLabels, String goldAnswer) {
    StringBuilder s =
        new StringBuilder("{\"frameId\":\"")
            .append(frameId)
            .append("\",\"kind\":\"")
            .append(kind)
            .append("\",\"priority\":")
            .append(priority);
    if (requiredLabels != null) {
      s.append(",\"requiredLabels\":").append(requiredLabels);
    }
    if (goldAnswer != null) {
      s.append(",\"goldAnswer\":\"").append(goldAnswer).append('"');
    }
    return s.append(",\"machineOpinion\":{\"predicted\":\"CAR\",\"confidence\":0.42}")
        .append(",\"frame\":")
        .append(frame(frameId, frameId.hashCode()))
        .append('}')
        .toString();
  }

  public static String uncertain(String frameId, double priority) {
    return task(frameId, "uncertain", priority, null, null);
  }

  /** A frame that also carries a ground truth, which the service must drop. */
  public static String frame(String frameId, long seed) {
    Random random = new Random(seed);
    int w = 16;
    int h = 12;
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = (y * w + x) * 3;
        rgb[p] = (byte) (x * 16);
        rgb[p + 1] = (byte) (y * 20);
        rgb[p + 2] = (byte) random.nextInt(256);
      }
    }
    StringBuilder lidar = new StringBuilder("[");
    for (int i = 0; i < 60; i++) {
      if (i > 0) {
        lidar.append(',');
      }
      lidar.append(
          String.format(
              Locale.ROOT,
              "[%.3f,%.3f,%.3f,%.3f]",
              random.nextDouble() * 4 - 2,
              random.nextDouble() * 1.8 - 0.9,
              random.nextDouble() * 1.5 - 0.75,
              random.nextDouble()));
    }
    lidar.append(']');
    return "{\"frameId\":\""
        + frameId
        + "\",\"source\":\"simulator\",\"vehicleId\":\"v-7\",\"capturedAt\":1760000000000,"
        + "\"camera\":{\"width\":"
        + w
        + ",\"height\":"
        + h
        + ",\"rgbBase64\":\""
        + Base64.getEncoder().encodeToString(rgb)
        + "\"},\"lidar\":"
        + lidar
        + ",\"conditions\":{\"rangeMeters\":23.5,\"occlusion\":0.3,\"lighting\":\"NIGHT\",\"weather\":\"rain\"},"
        + "\"box\":{\"length\":4.2,\"width\":1.8,\"height\":1.5,\"yaw\":0.3},\"groundTruth\":\"TRUCK\"}";
  }
}
