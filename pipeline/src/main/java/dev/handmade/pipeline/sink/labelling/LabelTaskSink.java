package dev.handmade.pipeline.sink.labelling;

import dev.handmade.pipeline.labelling.LabellingServiceConfig;
import dev.handmade.schema.LabelTask;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Sends label tasks to the labelling service's intake, in batches of {@code
 * maxTasksPerRequest}.
 *
 * <p>Delivery: every task a writer has received is acknowledged by the service before the
 * writer's checkpoint barrier goes downstream, because Flink calls {@link SinkWriter#flush} before
 * each checkpoint and the writer sends its whole buffer there. A restart replays at most the
 * tasks since the last checkpoint, and intake is idempotent by frame id, so the service holds each
 * task once: at-least-once delivery, exactly-once effect. When the service stays unreachable
 * through every retry the writer fails, and the job restarts from its last checkpoint, rather than
 * dropping tasks.
 *
 * <p>Any parallelism works: writers share nothing, and the service serializes intake.
 */
public final class LabelTaskSink implements Sink<LabelTask> {

  private static final long serialVersionUID = 1L;

  private final LabellingServiceConfig config;

  private LabelTaskSink(LabellingServiceConfig config) {
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  public LabellingServiceConfig config() {
    return config;
  }

  @Override
  public SinkWriter<LabelTask> createWriter(WriterInitContext context) throws IOException {
    TypeSerializer<LabelTask> copier =
        context.isObjectReuseEnabled() ? context.createInputSerializer() : null;
    return new LabelTaskWriter(config, context.metricGroup(), copier);
  }

  public static final class Builder {
    private LabellingServiceConfig config;

    private Builder() {}

    public Builder config(LabellingServiceConfig config) {
      this.config = config;
      return this;
    }

    public LabelTaskSink build() {
      if (config == null) {
        throw new IllegalArgumentException("LabelTaskSink needs the labelling service's config");
      }
      return new LabelTaskSink(config);
    }
  }
}
