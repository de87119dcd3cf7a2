package dev.handmade.pipeline.sink.labelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.pipeline.labelling.LabellingServiceConfig;
import dev.handmade.pipeline.labelling.LabellingServiceException;
import dev.handmade.pipeline.support.AnswerLosingProxy;
import dev.handmade.pipeline.support.RunningLabellingService;
import dev.handmade.pipeline.support.TestTasks;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.OperatorIOMetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The writer on its own against the real service: when it sends, what it counts, how it fails. */
class LabelTaskWriterITCase {

  private static RunningLabellingService service;

  @BeforeAll
  static void start() {
    service = new RunningLabellingService();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void sendsFullBatchesAtOnceAndTheRestOnFlush() throws Exception {
    Metrics metrics = new Metrics();
    try (AnswerLosingProxy proxy = new AnswerLosingProxy(service.baseUrl(), 2);
        LabelTaskWriter writer =
            new LabelTaskWriter(
                RunningLabellingService.clientConfig(proxy.baseUrl()).maxTasksPerRequest(3).build(),
                metrics,
                null)) {
      for (int i = 0; i < 7; i++) {
        writer.write(TestTasks.uncertain("writer-" + i), null);
      }
      assertThat(metrics.count("numRecordsSend")).isEqualTo(6);
      assertThat(metrics.gauge("bufferedTasks")).isEqualTo(1);
      assertThat(service.calls().task("writer-5")).isPresent();
      assertThat(service.calls().task("writer-6")).isEmpty();

      writer.flush(false);

      assertThat(service.calls().task("writer-6")).isPresent();
      assertThat(metrics.count("numRecordsSend")).isEqualTo(7);
      assertThat(metrics.gauge("bufferedTasks")).isEqualTo(0);
      // the proxy lost the answers of the 2nd and 4th intake after the service had stored their
      // tasks (writer-3..5, writer-6): two retries, which found those four already known
      assertThat(metrics.count("intakeRetries")).isEqualTo(2);
      assertThat(metrics.count("tasksCreated")).isEqualTo(3);
      assertThat(metrics.count("tasksAlreadyKnown")).isEqualTo(4);
    }
  }

  @Test
  void anUnreachableServiceFailsTheFlushAndKeepsTheTasks() throws Exception {
    String url = "http://127.0.0.1:" + freePort();
    LabellingServiceConfig config =
        RunningLabellingService.clientConfig(url)
            .maxTasksPerRequest(10)
            .maxAttempts(2)
            .initialBackoff(Duration.ofMillis(5))
            .build();
    Metrics metrics = new Metrics();
    try (LabelTaskWriter writer = new LabelTaskWriter(config, metrics, null)) {
      writer.write(TestTasks.uncertain("down-0"), null);
      writer.write(TestTasks.uncertain("down-1"), null);

      assertThatThrownBy(() -> writer.flush(false))
          .isInstanceOf(LabellingServiceException.class)
          .hasMessageContaining(url + "/api/tasks")
          .hasMessageContaining("after 2 attempts");
      assertThat(metrics.count("intakeRetries")).isEqualTo(1);
      assertThat(metrics.count("numRecordsSend")).isZero();
      assertThat(metrics.gauge("bufferedTasks")).isEqualTo(2);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A metric group that keeps what the writer registers, for reading back. */
  private static final class Metrics extends UnregisteredMetricsGroup
      implements SinkWriterMetricGroup {
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Gauge<?>> gauges = new ConcurrentHashMap<>();

    long count(String name) {
      return counters.get(name).getCount();
    }

    Object gauge(String name) {
      return gauges.get(name).getValue();
    }

    @Override
    public Counter counter(String name) {
      return counters.computeIfAbsent(name, n -> new SimpleCounter());
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
      gauges.put(name, gauge);
      return gauge;
    }

    @Override
    public OperatorIOMetricGroup getIOMetricGroup() {
      return UnregisteredMetricsGroup.createOperatorIOMetricGroup();
    }

    @Override
    public Counter getNumRecordsOutErrorsCounter() {
      return counter("numRecordsOutErrors");
    }

    @Override
    public Counter getNumRecordsSendErrorsCounter() {
      return counter("numRecordsSendErrors");
    }

    @Override
    public Counter getNumRecordsSendCounter() {
      return counter("numRecordsSend");
    }

    @Override
    public Counter getNumBytesSendCounter() {
      return counter("numBytesSend");
    }

    @Override
    public void setCurrentSendTimeGauge(Gauge<Long> gauge) {
      gauges.put("currentSendTime", gauge);
    }
  }
}
