package dev.handmade.pipeline.source.drivelog;

import dev.handmade.schema.CameraCrop;
import dev.handmade.schema.CaptureConditions;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LidarPoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/** Small drive-log files for tests: tiny frames, a few per Avro block. */
public final class DriveLogFiles {

  private DriveLogFiles() {}

  public static Frame frame(String id) {
    return Frame.newBuilder()
        .setFrameId(id)
        .setSource("test")
        .setVehicleId("car-1")
        .setCapturedAt(Instant.parse("2026-11-29T08:00:00Z"))
        .setCamera(
            CameraCrop.newBuilder()
                .setWidth(2)
                .setHeight(2)
                .setRgb(ByteBuffer.wrap(new byte[12]))
                .build())
        .setLidar(
            List.of(LidarPoint.newBuilder().setX(1).setY(2).setZ(3).setIntensity(0.5f).build()))
        .setConditions(CaptureConditions.newBuilder().setRangeMeters(12).setOcclusion(0).build())
        .build();
  }

  /** Frames {@code <name>-0} to {@code <name>-(count-1)}. */
  public static List<Frame> frames(String name, int count) {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      frames.add(frame(name + "-" + i));
    }
    return frames;
  }

  /**
   * An Avro container file of the frames, one block per {@code framesPerBlock}, so that a test
   * can break a file between blocks.
   */
  public static byte[] avro(List<Frame> frames, int framesPerBlock) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataFileWriter<Frame> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(Frame.class))) {
      writer.create(Frame.getClassSchema(), out);
      for (int i = 0; i < frames.size(); i++) {
        writer.append(frames.get(i));
        if ((i + 1) % framesPerBlock == 0) {
          writer.sync();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] avro(List<Frame> frames) {
    return avro(frames, 1_000);
  }
}
