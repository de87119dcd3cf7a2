package dev.handmade.pipeline.job;

import dev.handmade.pipeline.audit.AuditEvents;
import dev.handmade.pipeline.audit.AuditLogSink;
import dev.handmade.pipeline.inference.BatchKeys;
import dev.handmade.pipeline.inference.BatchedInference;
import dev.handmade.pipeline.inference.DeployedModel;
import dev.handmade.pipeline.inference.RegistryPoller;
import dev.handmade.pipeline.inference.ScoredFrame;
import dev.handmade.pipeline.join.LabelJoin;
import dev.handmade.pipeline.join.PendingFrame;
import dev.handmade.pipeline.routing.Router;
import dev.handmade.pipeline.source.IngestedFrame;
import dev.handmade.pipeline.training.ContinuousTrainer;
import dev.handmade.pipeline.training.EvidenceSplit;
import dev.handmade.pipeline.validate.FrameValidator;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.DeadLetter;
import dev.handmade.schema.Decision;
import dev.handmade.schema.Frame;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelTask;
import dev.handmade.schema.ModelVersion;
import dev.handmade.storage.ObjectStoreConfig;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The loop's Flink job, top to bottom:
 *
 * <pre>
 * frames -> validate -> batched inference (model from the registry, broadcast) -> router
 *   router -> machine decisions ------------------------------------------------> audit log
 *   router -> tasks -> labelling service
 *   router -> pending frames --+
 *   labelling service feed ----+-> label join -> people's decisions ------------> audit log
 *                                      +-> training examples -> trainer -> registry (-> inference)
 *   feed ---------------------------------------------------------------------> audit log
 *   bad frames, labels without frames ----------------------------------------> dead letters
 * </pre>
 *
 * Sources and sinks come in through the constructor: {@code main} passes the real ones, tests
 * pass theirs.
 */
public final class HandmadeJob {

  private final Source<IngestedFrame, ?, ?> frames;
  private final Source<HumanLabel, ?, ?> labels;
  private final Sink<LabelTask> tasks;
  private final Sink<AuditEvent> audit;
  private final Sink<DeadLetter> deadLetters;
  private final ObjectStoreConfig registryStore;
  private final ReadableConfig options;

  public HandmadeJob(
      Source<IngestedFrame, ?, ?> frames,
      Source<HumanLabel, ?, ?> labels,
      Sink<LabelTask> tasks,
      Sink<AuditEvent> audit,
      Sink<DeadLetter> deadLetters,
      ObjectStoreConfig registryStore,
      ReadableConfig options) {
    this.frames = Objects.requireNonNull(frames, "frames");
    this.labels = Objects.requireNonNull(labels, "labels");
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.registryStore = Objects.requireNonNull(registryStore, "registryStore");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Adds the job to {@code env}; returns the published model versions (for tests and metrics). */
  public DataStream<ModelVersion> build(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<Frame> valid =
        env.fromSource(frames, WatermarkStrategy.noWatermarks(), "frames")
            .uid("frames")
            .process(new FrameValidator("frame source"))
            .uid("validate")
            .name("validate");

    BroadcastStream<DeployedModel> deployed =
        env.fromSource(
                RegistryPoller.source(
                    registryStore, options.get(PipelineOptions.REGISTRY_POLL_INTERVAL)),
                WatermarkStrategy.noWatermarks(),
                "deployed model")
            .uid("deployed-model")
            .setParallelism(1)
            .broadcast(BatchedInference.DEPLOYED);

    // two batch buckets a subtask, with keys that Flink spreads evenly over the subtasks
    BatchKeys buckets =
        BatchKeys.forParallelism(Math.max(1, env.getParallelism()), env.getMaxParallelism(), 2);
    DataStream<ScoredFrame> scored =
        valid
            .keyBy(f -> buckets.of(f.getFrameId()))
            .connect(deployed)
            .process(
                new BatchedInference(
                    registryStore,
                    options.get(PipelineOptions.INFERENCE_BATCH_SIZE),
                    options.get(PipelineOptions.INFERENCE_BATCH_TIMEOUT),
                    options.get(PipelineOptions.NO_MODEL_TO_PEOPLE)))
            .uid("inference")
            .name("batched inference");

    SingleOutputStreamOperator<Decision> machineDecisions =
        scored
            .process(
                new Router(
                    options.get(PipelineOptions.AUDIT_RATE),
                    options.get(PipelineOptions.HUMAN_CAPACITY_PER_HOUR),
                    evidenceSplit()))
            .uid("router")
            .name("router");

    // its own task thread: chained to inference, waiting on the service's answers took 29-38% of
    // the inference thread at full speed (bench-loop, 2026-12-03)
    machineDecisions
        .getSideOutput(Router.TASKS)
        .sinkTo(tasks)
        .uid("tasks-sink")
        .name("tasks to people")
        .disableChaining();

    DataStream<HumanLabel> verified =
        env.fromSource(labels, WatermarkStrategy.noWatermarks(), "verified labels")
            .uid("verified-labels")
            .setParallelism(1);

    DataStream<PendingFrame> pending = machineDecisions.getSideOutput(Router.PENDING);
    SingleOutputStreamOperator<Decision> peopleDecisions =
        pending
            .keyBy(PendingFrame::frameId)
            .connect(verified.keyBy(HumanLabel::getFrameId))
            .process(new LabelJoin(options.get(PipelineOptions.PENDING_TTL)))
            .uid("label-join")
            .name("label join");

    DataStream<ModelVersion> versions =
        peopleDecisions
            .getSideOutput(LabelJoin.TRAINING)
            .keyBy(e -> 0)
            .process(new ContinuousTrainer(registryStore, trainerSettings()))
            .uid("trainer")
            .name("trainer")
            .setParallelism(1)
            .setMaxParallelism(1);

    machineDecisions
        .union(peopleDecisions)
        .map(AuditEvents::of)
        .name("decision events")
        .union(verified.map(AuditEvents::of).name("label events"))
        .sinkTo(audit)
        .setParallelism(AuditLogSink.PARALLELISM)
        .uid("audit-sink")
        .name("audit log");

    valid
        .getSideOutput(FrameValidator.DEAD_LETTERS)
        .union(peopleDecisions.getSideOutput(LabelJoin.REJECTED))
        .sinkTo(deadLetters)
        .uid("dead-letter-sink")
        .name("dead letters");
    return versions;
  }

  private ContinuousTrainer.Settings trainerSettings() {
    return new ContinuousTrainer.Settings(
        options.get(PipelineOptions.RETRAIN_EVERY_LABELS),
        options.get(PipelineOptions.RETRAIN_EVERY),
        options.get(PipelineOptions.MIN_FIRST_TRAINING),
        evidenceSplit(),
        options.get(PipelineOptions.TRAINING_EPOCHS),
        options.get(PipelineOptions.TARGET_ACCURACY),
        options.get(PipelineOptions.MIN_THRESHOLD_SUPPORT));
  }

  private EvidenceSplit evidenceSplit() {
    return new EvidenceSplit(
        options.get(PipelineOptions.HOLD_OUT_PERCENT),
        options.get(PipelineOptions.EVIDENCE_LABELS));
  }
}
