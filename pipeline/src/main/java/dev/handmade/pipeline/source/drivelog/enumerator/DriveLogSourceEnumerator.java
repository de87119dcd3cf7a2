package dev.handmade.pipeline.source.drivelog.enumerator;

import dev.handmade.pipeline.source.drivelog.split.DriveLogSplit;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the drive-log prefix every discovery interval and hands each object it has not seen
 * before, as one split, to the next reader that asks. Readers ask for one split at a time, so
 * files are spread over readers as they become free.
 *
 * <p>Every key it has ever discovered is in its checkpoint (see {@link DriveLogEnumeratorState}
 * for the growth): an object is assigned once, whatever the listing returns later. A split
 * assigned after the last checkpoint to a reader that then fails comes back through {@link
 * #addSplitsBack} and is assigned again.
 */
public final class DriveLogSourceEnumerator
    implements SplitEnumerator<DriveLogSplit, DriveLogEnumeratorState> {

  private static final Logger LOG = LoggerFactory.getLogger(DriveLogSourceEnumerator.class);

  private final SplitEnumeratorContext<DriveLogSplit> context;
  private final ObjectStoreConfig storeConfig;
  private final String prefix;
  private final Duration discoveryInterval;

  private final TreeSet<String> discovered;
  // by key, so that the oldest-named logs go first when keys carry dates
  private final TreeMap<String, DriveLogSplit> unassigned = new TreeMap<>();
  private final Set<Integer> waitingReaders = new LinkedHashSet<>();

  private ObjectStore store;

  /**
   * @param prefix listed as given: end it with '/' to list a folder ("drive-logs/")
   */
  public DriveLogSourceEnumerator(
      SplitEnumeratorContext<DriveLogSplit> context,
      ObjectStoreConfig storeConfig,
      String prefix,
      Duration discoveryInterval,
      DriveLogEnumeratorState restored) {
    this.context = context;
    this.storeConfig = storeConfig;
    this.prefix = prefix;
    this.discoveryInterval = discoveryInterval;
    this.discovered = new TreeSet<>(restored.discoveredKeys());
    for (DriveLogSplit split : restored.unassigned()) {
      unassigned.put(split.key(), split);
    }
  }

  @Override
  public void start() {
    store = ObjectStore.create(storeConfig);
    // listing runs in the coordinator's worker thread; what it found is handled in the
    // coordinator thread, which alone touches this enumerator's fields
    context.callAsync(this::list, this::handleListing, 0, discoveryInterval.toMillis());
  }

  private List<String> list() {
    List<String> keys = new ArrayList<>();
    for (String key : store.list(prefix)) {
      // directory markers (S3Proxy and some consoles create them) and hidden objects, such as
      // an uploader's temporary files
      if (!key.endsWith("/") && !isHidden(key.substring(prefix.length()))) {
        keys.add(key);
      }
    }
    return keys;
  }

  private static boolean isHidden(String relativeKey) {
    for (String segment : relativeKey.split("/")) {
      if (segment.startsWith("_") || segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private void handleListing(List<String> keys, Throwable error) {
    if (error != null) {
      // the store may be down for a while; readers of assigned files fail and restart on
      // their own, discovery just tries again next interval
      LOG.warn(
          "Listing drive logs under '{}' failed; trying again in {}",
          prefix,
          discoveryInterval,
          error);
      return;
    }
    int found = 0;
    for (String key : keys) {
      if (discovered.add(key)) {
        unassigned.put(key, DriveLogSplit.of(key));
        found++;
      }
    }
    if (found > 0) {
      LOG.info("Discovered {} new drive logs under '{}'", found, prefix);
    }
    assignToWaitingReaders();
  }

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {
    waitingReaders.add(subtaskId);
    assignToWaitingReaders();
  }

  private void assignToWaitingReaders() {
    Map<Integer, ?> registered = context.registeredReaders();
    Iterator<Integer> readers = waitingReaders.iterator();
    while (readers.hasNext() && !unassigned.isEmpty()) {
      int reader = readers.next();
      readers.remove();
      // a reader that failed after asking will ask again once it is back
      if (registered.containsKey(reader)) {
        context.assignSplit(unassigned.pollFirstEntry().getValue(), reader);
      }
    }
  }

  @Override
  public void addSplitsBack(List<DriveLogSplit> splits, int subtaskId) {
    for (DriveLogSplit split : splits) {
      unassigned.put(split.key(), split);
    }
    assignToWaitingReaders();
  }

  @Override
  public void addReader(int subtaskId) {
    // readers ask for splits when they start
  }

  @Override
  public DriveLogEnumeratorState snapshotState(long checkpointId) {
    return new DriveLogEnumeratorState(discovered, new ArrayList<>(unassigned.values()));
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }
}
