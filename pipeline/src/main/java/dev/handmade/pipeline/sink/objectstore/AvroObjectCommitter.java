package dev.handmade.pipeline.sink.objectstore;

import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreConfig;
import dev.handmade.storage.ObjectStoreUnavailableException;
import java.util.Collection;
import java.util.OptionalLong;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the files of a completed checkpoint visible: copies each pending object to its final key,
 * then deletes the pending one. Either step may be cut short by a failure and replayed, so both
 * are safe to repeat: copying the same pending object again writes the same bytes, and a
 * committable whose pending object is gone while its final object has the expected size was
 * committed before.
 */
public final class AvroObjectCommitter implements Committer<AvroObjectCommittable> {

  private static final Logger LOG = LoggerFactory.getLogger(AvroObjectCommitter.class);

  /** What one commit found and did. */
  public enum Outcome {
    /** The file was copied to its final key now. */
    COMMITTED,
    /** An earlier attempt had committed it. */
    ALREADY_COMMITTED,
    /** The pending object is gone and the final key holds something else, or nothing. */
    LOST
  }

  private final ObjectStore store;

  public AvroObjectCommitter(ObjectStoreConfig storeConfig) {
    this.store = ObjectStore.create(storeConfig);
  }

  @Override
  public void commit(Collection<CommitRequest<AvroObjectCommittable>> requests) {
    for (CommitRequest<AvroObjectCommittable> request : requests) {
      AvroObjectCommittable committable = request.getCommittable();
      try {
        switch (commit(committable)) {
          case COMMITTED -> {}
          case ALREADY_COMMITTED -> request.signalAlreadyCommitted();
          // Failing the job would not bring the file back, and every restart would replay the
          // same committable: say loudly what is missing and let the pipeline go on.
          case LOST ->
              request.signalFailedWithKnownReason(
                  new IllegalStateException(
                      "the pending object "
                          + committable.pendingKey()
                          + " is gone and "
                          + committable.finalKey()
                          + " does not hold the "
                          + committable.bytes()
                          + " bytes expected: "
                          + committable.records()
                          + " records are lost"));
        }
      } catch (ObjectStoreUnavailableException e) {
        LOG.warn("Commit of {} must wait: {}", committable.finalKey(), e.getMessage());
        request.retryLater();
      } catch (RuntimeException e) {
        request.signalFailedWithUnknownReason(e);
      }
    }
  }

  /** One commit; idempotent. */
  public Outcome commit(AvroObjectCommittable committable) {
    OptionalLong pending = store.size(committable.pendingKey());
    if (pending.isPresent()) {
      store.copy(committable.pendingKey(), committable.finalKey());
      OptionalLong copied = store.size(committable.finalKey());
      if (copied.isEmpty() || copied.getAsLong() != committable.bytes()) {
        // the pending object stays, so nothing is lost while someone looks
        throw new IllegalStateException(
            "copied "
                + committable.pendingKey()
                + " to "
                + committable.finalKey()
                + " but found "
                + copied
                + " bytes there, not "
                + committable.bytes());
      }
      store.delete(committable.pendingKey());
      return Outcome.COMMITTED;
    }
    OptionalLong committed = store.size(committable.finalKey());
    if (committed.isPresent() && committed.getAsLong() == committable.bytes()) {
      return Outcome.ALREADY_COMMITTED;
    }
    return Outcome.LOST;
  }

  @Override
  public void close() {
    store.close();
  }
}
