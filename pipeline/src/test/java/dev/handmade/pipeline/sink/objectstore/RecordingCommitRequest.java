package dev.handmade.pipeline.sink.objectstore;

import org.apache.flink.api.connector.sink2.Committer.CommitRequest;

/** Remembers what the committer signalled. */
final class RecordingCommitRequest<T> implements CommitRequest<T> {

  enum Signal {
    NONE,
    ALREADY_COMMITTED,
    FAILED_KNOWN,
    FAILED_UNKNOWN,
    RETRY_LATER
  }

  private final T committable;
  Signal signal = Signal.NONE;
  Throwable failure;

  RecordingCommitRequest(T committable) {
    this.committable = committable;
  }

  @Override
  public T getCommittable() {
    return committable;
  }

  @Override
  public int getNumberOfRetries() {
    return 0;
  }

  @Override
  public void signalFailedWithKnownReason(Throwable t) {
    signal = Signal.FAILED_KNOWN;
    failure = t;
  }

  @Override
  public void signalFailedWithUnknownReason(Throwable t) {
    signal = Signal.FAILED_UNKNOWN;
    failure = t;
  }

  @Override
  public void retryLater() {
    signal = Signal.RETRY_LATER;
  }

  @Override
  public void updateAndRetryLater(T committable) {
    signal = Signal.RETRY_LATER;
  }

  @Override
  public void signalAlreadyCommitted() {
    signal = Signal.ALREADY_COMMITTED;
  }
}
