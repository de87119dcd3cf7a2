package dev.handmade.model.experiment;

import dev.handmade.schema.Frame;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.avro.AvroObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The frames of imported drive logs (Avro container files of {@code Frame}, as {@code
 * import-kitti} writes them), from a prefix in the object store or from a local folder. A file
 * that cannot be read is skipped and named with the reason; the others are still read.
 *
 * @param frames every frame read, file by file in name order
 * @param files the files read in full
 * @param problems one line per file skipped: its name and why
 */
public record DriveLogFrames(List<Frame> frames, int files, List<String> problems) {

  public DriveLogFrames {
    frames = List.copyOf(frames);
    problems = List.copyOf(problems);
  }

  /** Every {@code .avro} file under {@code folder}, at any depth. */
  public static DriveLogFrames fromFolder(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("no folder at " + folder.toAbsolutePath());
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files =
          walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".avro"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
    List<Frame> frames = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int read = 0;
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        frames.addAll(readAll(in));
        read++;
      } catch (IOException | AvroRuntimeException e) {
        problems.add(file + ": " + e.getMessage());
      }
    }
    return new DriveLogFrames(frames, read, problems);
  }

  /** Every committed Avro file under {@code prefix} in the store (e.g. {@code drive-logs/}). */
  public static DriveLogFrames fromStore(ObjectStore store, String prefix) {
    AvroObjectReader<Frame> reader = AvroObjectReader.of(store, Frame.class);
    List<Frame> frames = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int read = 0;
    for (String key : reader.committedKeys(prefix)) {
      List<Frame> ofFile = new ArrayList<>();
      try {
        reader.read(key, ofFile::add);
        frames.addAll(ofFile);
        read++;
      } catch (UncheckedIOException | AvroRuntimeException e) {
        problems.add(key + ": " + e.getMessage());
      }
    }
    return new DriveLogFrames(frames, read, problems);
  }

  private static List<Frame> readAll(InputStream in) throws IOException {
    List<Frame> frames = new ArrayList<>();
    try (DataFileStream<Frame> file =
        new DataFileStream<>(in, new SpecificDatumReader<>(Frame.class))) {
      while (file.hasNext()) {
        frames.add(file.next());
      }
    }
    return frames;
  }
}
