package dev.handmade.pipeline.sink.labelling;

import dev.handmade.pipeline.labelling.IntakeSummary;
import dev.handmade.pipeline.labelling.LabellingClient;
import dev.handmade.pipeline.labelling.LabellingServiceConfig;
import dev.handmade.schema.LabelTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers tasks and sends them when a batch is full and at every flush. The buffer is cleared
 * only after the service has acknowledged it, so a failed send leaves nothing half-forgotten:
 * the exception fails the task, and the restart replays from the checkpoint.
 *
 * <p>Metrics, beside the standard {@code numRecordsSend} (tasks acknowledged): {@code
 * tasksCreated}, {@code tasksAlreadyKnown} (replays the service recognised), {@code
 * intakeRetries}, {@code bufferedTasks}, and {@code currentSendTime} (ms of the last request).
 */
final class LabelTaskWriter implements SinkWriter<LabelTask> {

  private static final Logger LOG = LoggerFactory.getLogger(LabelTaskWriter.class);

  private final LabellingClient client;
  private final int batchSize;
  private final TypeSerializer<LabelTask> copier;
  private final List<LabelTask> buffer;
  private final Counter sent;
  private final Counter created;
  private final Counter alreadyKnown;
  private final Counter retries;
  private volatile long lastSendMillis;

  /**
   * @param copier copies each task when object reuse is on, since Flink may then change a record
   *     after {@link #write} returns; null when it is off
   */
  LabelTaskWriter(
      LabellingServiceConfig config,
      SinkWriterMetricGroup metrics,
      TypeSerializer<LabelTask> copier) {
    this.batchSize = config.maxTasksPerRequest();
    this.copier = copier;
    this.buffer = new ArrayList<>(batchSize);
    this.sent = metrics.getNumRecordsSendCounter();
    this.created = metrics.counter("tasksCreated");
    this.alreadyKnown = metrics.counter("tasksAlreadyKnown");
    this.retries = metrics.counter("intakeRetries");
    metrics.gauge("bufferedTasks", buffer::size);
    metrics.setCurrentSendTimeGauge(() -> lastSendMillis);
    this.client =
        new LabellingClient(
            config,
            (request, failedAttempt, problem) -> {
              retries.inc();
              LOG.warn("{} failed (attempt {}), retrying: {}", request, failedAttempt, problem);
            });
  }

  @Override
  public void write(LabelTask task, Context context) throws IOException, InterruptedException {
    buffer.add(copier == null ? task : copier.copy(task));
    if (buffer.size() >= batchSize) {
      send();
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    if (!buffer.isEmpty()) {
      send();
    }
  }

  private void send() throws IOException, InterruptedException {
    long start = System.nanoTime();
    IntakeSummary summary = client.submit(buffer);
    lastSendMillis = (System.nanoTime() - start) / 1_000_000;
    sent.inc(buffer.size());
    created.inc(summary.created());
    alreadyKnown.inc(summary.existing());
    buffer.clear();
  }

  @Override
  public void close() {
    client.close();
  }
}
