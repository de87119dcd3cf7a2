package dev.handmade.pipeline.support;

import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreConfig;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes records through and throws once, in subtask 0 of the first attempt, at the first record
 * after it has seen {@code after} and a checkpoint has completed: a crash with a restore behind it.
 * It leaves {@link #MARKER} in the store first, as proof for the test that the failure happened.
 * Optionally it slows the first attempt to about a record a millisecond per subtask, so that
 * checkpoints fall in the middle of what a source reads.
 */
public final class FailOnceAfterACheckpoint<T> extends RichMapFunction<T, T>
    implements CheckpointListener {

  /** The object the failure leaves in the store before it throws. */
  public static final String MARKER = "test-markers/failure-injected";

  private final long after;
  private final ObjectStoreConfig markerStore;
  private final boolean slowFirstAttempt;
  private transient boolean firstAttempt;
  private transient boolean armed;
  private transient long seen;
  private transient boolean checkpointed;

  private FailOnceAfterACheckpoint(
      long after, ObjectStoreConfig markerStore, boolean slowFirstAttempt) {
    this.after = after;
    this.markerStore = markerStore;
    this.slowFirstAttempt = slowFirstAttempt;
  }

  public static <T> FailOnceAfterACheckpoint<T> after(long records, ObjectStoreConfig markerStore) {
    return new FailOnceAfterACheckpoint<>(records, markerStore, false);
  }

  public static <T> FailOnceAfterACheckpoint<T> slowlyAfter(
      long records, ObjectStoreConfig markerStore) {
    return new FailOnceAfterACheckpoint<>(records, markerStore, true);
  }

  @Override
  public void open(OpenContext context) {
    firstAttempt = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
    armed = firstAttempt && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
  }

  @Override
  public T map(T record) throws InterruptedException {
    if (slowFirstAttempt && firstAttempt) {
      Thread.sleep(1);
    }
    if (armed && ++seen > after && checkpointed) {
      try (ObjectStore store = ObjectStore.create(markerStore)) {
        store.putBytes(MARKER, new byte[0]);
      }
      throw new IllegalStateException("injected failure after " + seen + " records");
    }
    return record;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    checkpointed = true;
  }
}
