package dev.handmade.pipeline.sink.objectstore;

import java.util.OptionalLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.common.JobInfoImpl;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.util.UserCodeClassLoader;

/** The parts of a writer's context that {@link AvroObjectWriter} uses; the rest is refused. */
final class TestWriterContext implements WriterInitContext {

  private final JobID jobId;
  private final int subtask;
  private final int parallelism;
  private final OptionalLong restoredCheckpointId;

  TestWriterContext(JobID jobId, int subtask, int parallelism, OptionalLong restoredCheckpointId) {
    this.jobId = jobId;
    this.subtask = subtask;
    this.parallelism = parallelism;
    this.restoredCheckpointId = restoredCheckpointId;
  }

  @Override
  public OptionalLong getRestoredCheckpointId() {
    return restoredCheckpointId;
  }

  @Override
  public JobInfo getJobInfo() {
    return new JobInfoImpl(jobId, "test");
  }

  @Override
  public TaskInfo getTaskInfo() {
    return new TaskInfoImpl("sink", 128, subtask, parallelism, 0);
  }

  @Override
  public UserCodeClassLoader getUserCodeClassLoader() {
    throw new UnsupportedOperationException();
  }

  @Override
  public MailboxExecutor getMailboxExecutor() {
    throw new UnsupportedOperationException();
  }

  @Override
  public ProcessingTimeService getProcessingTimeService() {
    throw new UnsupportedOperationException();
  }

  @Override
  public SinkWriterMetricGroup metricGroup() {
    throw new UnsupportedOperationException();
  }

  @Override
  public SerializationSchema.InitializationContext asSerializationSchemaInitializationContext() {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean isObjectReuseEnabled() {
    return false;
  }

  @Override
  public <IN> TypeSerializer<IN> createInputSerializer() {
    throw new UnsupportedOperationException();
  }
}
