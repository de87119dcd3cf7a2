package dev.handmade.pipeline.simulation;

import dev.handmade.schema.Frame;
import dev.handmade.schema.ObjectClass;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.avro.AvroObjectReader;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ground truth that drive logs carry (a KITTI training split's labels, an evaluation set),
 * by frame id, for simulated labellers: with it they answer real frames as a person of their
 * accuracy would, and the loop runs on real frames without people.
 *
 * <p>Reads the drive logs under the prefix as it meets frame ids it does not know yet, each file
 * once, so that logs uploaded while the loop runs are known too. A frame without ground truth (a
 * proposal in a split without labels) has none to give: its answer stays "can't tell". A file
 * that cannot be read is logged and passed over; it never stops the labellers.
 */
public final class DriveLogTruth implements Function<String, ObjectClass> {

  private static final Logger LOG = LoggerFactory.getLogger(DriveLogTruth.class);

  private final AvroObjectReader<Frame> reader;
  private final String prefix;
  private final Map<String, ObjectClass> truth = new ConcurrentHashMap<>();
  private final Set<String> withoutTruth = ConcurrentHashMap.newKeySet();
  private final Set<String> filesRead = ConcurrentHashMap.newKeySet();

  /** @param store the bucket the job reads its drive logs from; the caller keeps and closes it */
  public DriveLogTruth(ObjectStore store, String prefix) {
    this.reader = AvroObjectReader.of(store, Frame.class);
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  /** The frame's ground truth, or null when its drive log has none or no drive log holds it. */
  @Override
  public ObjectClass apply(String frameId) {
    ObjectClass known = truth.get(frameId);
    if (known != null || withoutTruth.contains(frameId)) {
      return known;
    }
    readNewFiles();
    return truth.get(frameId);
  }

  /** Frames read so far that carry ground truth. */
  public int known() {
    return truth.size();
  }

  private synchronized void readNewFiles() {
    for (String key : reader.committedKeys(prefix)) {
      if (!filesRead.add(key)) {
        continue;
      }
      try {
        reader.read(
            key,
            frame -> {
              if (frame.getGroundTruth() != null) {
                truth.put(frame.getFrameId(), frame.getGroundTruth());
              } else {
                withoutTruth.add(frame.getFrameId());
              }
            });
      } catch (RuntimeException e) {
        // a damaged or foreign file (UncheckedIOException from the reader, or Avro's own)
        LOG.warn("drive log {} passed over for ground truth: {}", key, e.getMessage());
      }
    }
  }
}
