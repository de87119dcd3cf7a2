package dev.handmade.pipeline.source.feed.reader;

import dev.handmade.schema.HumanLabel;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits a label with its verification time as the event time, and moves the split's cursor past
 * it in the same step, in the task thread: between two emits a checkpoint sees a cursor that
 * matches exactly what went downstream.
 */
public final class FeedRecordEmitter
    implements RecordEmitter<HumanLabel, HumanLabel, FeedSplitState> {

  @Override
  public void emitRecord(HumanLabel label, SourceOutput<HumanLabel> output, FeedSplitState state) {
    output.collect(label, label.getVerifiedAt().toEpochMilli());
    state.advanceTo(label.getSequence());
  }
}
