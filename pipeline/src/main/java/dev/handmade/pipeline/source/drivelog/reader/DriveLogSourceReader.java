package dev.handmade.pipeline.source.drivelog.reader;

import dev.handmade.pipeline.source.IngestedFrame;
import dev.handmade.pipeline.source.drivelog.split.DriveLogSplit;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;

/**
 * Reads one drive log at a time and asks the enumerator for the next when it is done, so that
 * files are spread over the readers by who is free rather than assigned up front.
 */
public final class DriveLogSourceReader
    extends SingleThreadMultiplexSourceReaderBase<
        DriveLogRecord, IngestedFrame, DriveLogSplit, DriveLogSplitState> {

  public DriveLogSourceReader(
      Supplier<SplitReader<DriveLogRecord, DriveLogSplit>> splitReaderSupplier,
      Configuration config,
      SourceReaderContext context) {
    super(splitReaderSupplier, new DriveLogRecordEmitter(), config, context);
  }

  @Override
  public void start() {
    super.start();
    // a reader restored with a split in progress finishes it before asking for another
    if (getNumberOfCurrentlyAssignedSplits() == 0) {
      context.sendSplitRequest();
    }
  }

  @Override
  protected void onSplitFinished(Map<String, DriveLogSplitState> finishedSplitIds) {
    context.sendSplitRequest();
  }

  @Override
  protected DriveLogSplitState initializedState(DriveLogSplit split) {
    return new DriveLogSplitState(split);
  }

  @Override
  protected DriveLogSplit toSplitType(String splitId, DriveLogSplitState state) {
    return state.toSplit();
  }
}
