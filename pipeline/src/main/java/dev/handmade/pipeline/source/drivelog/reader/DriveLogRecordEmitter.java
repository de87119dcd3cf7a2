package dev.handmade.pipeline.source.drivelog.reader;

import dev.handmade.pipeline.source.IngestedFrame;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits a record and moves its split's offset past it in the same call, so a checkpoint, which
 * can come between any two calls, never counts a record as emitted that was not, or the reverse.
 */
public final class DriveLogRecordEmitter
    implements RecordEmitter<DriveLogRecord, IngestedFrame, DriveLogSplitState> {

  @Override
  public void emitRecord(
      DriveLogRecord record, SourceOutput<IngestedFrame> output, DriveLogSplitState split) {
    output.collect(record.value());
    split.setOffset(record.nextOffset());
  }
}
