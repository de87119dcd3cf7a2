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
        BoxData box) {

    /** Raw RGB, 3 bytes a pixel, row-major, base64-encoded. */
    public record CameraData(Integer width, Integer height, String rgbBase64) {
    }

    public record ConditionsData(Double rangeMeters, Double occlusion, dev.handmade.schema.Lighting lighting,
                                 dev.handmade.schema.Weather weather) {
    }

    public record BoxData(Double length, Double width, Double height, Double yaw) {
    }
}
