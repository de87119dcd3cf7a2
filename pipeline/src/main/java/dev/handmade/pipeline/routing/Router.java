package dev.handmade.pipeline.routing;

import dev.handmade.pipeline.inference.ScoredFrame;
import dev.handmade.pipeline.join.PendingFrame;
import dev.handmade.pipeline.training.EvidenceSplit;
import dev.handmade.pipeline.util.StableHash;
import dev.handmade.schema.Decision;
import dev.handmade.schema.DecisionMaker;
import dev.handmade.schema.LabelTask;
import dev.handmade.schema.MachineProvenance;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decides who decides. A frame goes to people when no model is deployed or when the model's
 * calibrated confidence is below its version's threshold; otherwise the machine decides, and a
 * random share of those confident decisions also goes to people as an audit sample. With a
 * human capacity budget, uncertain frames beyond it are decided by the machine and say so.
 *
 * <p>Tasks whose labels will be evidence for thresholds ({@link EvidenceSplit}) ask for more
 * people than the others, so that people's own errors can be bounded.
 *
 * <p>Main output: machine decisions. Side outputs: tasks for people, and the frames those tasks
 * are about (for the label join). The audit draw hashes the frame id, so a replayed frame is
 * drawn the same way.
 */
public final class Router extends ProcessFunction<ScoredFrame, Decision>
    implements CheckpointedFunction {

  public static final OutputTag<LabelTask> TASKS = new OutputTag<>("tasks") {};
  public static final OutputTag<PendingFrame> PENDING = new OutputTag<>("pending") {};

  private static final String AUDIT_SALT = "audit-sample";
  private static final double AUDIT_PRIORITY = 0.5;
  private static final double NO_MODEL_PRIORITY = 0.5;

  private final double auditRate;
  private final double humanTasksPerHour;
  private final EvidenceSplit evidence;

  private transient CapacityBudget budget;
  private transient ListState<CapacityBudget> budgetState;
  private transient Counter machine;
  private transient Counter people;

  /**
   * @param evidence which frames' labels will be evidence, and how many people those need
   */
  public Router(double auditRate, double humanTasksPerHour, EvidenceSplit evidence) {
    if (auditRate < 0 || auditRate > 1) {
      throw new IllegalArgumentException("audit rate must be in [0, 1], got " + auditRate);
    }
    this.auditRate = auditRate;
    this.humanTasksPerHour = humanTasksPerHour;
    this.evidence = Objects.requireNonNull(evidence, "evidence");
  }

  @Override
  public void open(OpenContext openContext) {
    machine = getRuntimeContext().getMetricGroup().counter("routedToMachine");
    people = getRuntimeContext().getMetricGroup().counter("routedToPeople");
    getRuntimeContext()
        .getMetricGroup()
        .gauge(
            "humanShare",
            () -> {
              long total = machine.getCount() + people.getCount();
              return total == 0 ? 0.0 : (double) people.getCount() / total;
            });
  }

  @Override
  public void processElement(ScoredFrame scored, Context ctx, Collector<Decision> out) {
    long now = ctx.timerService().currentProcessingTime();
    Prediction p = scored.prediction();
    if (p == null) {
      toPeople(scored, Route.NO_MODEL, TaskKind.UNCERTAIN, NO_MODEL_PRIORITY, now, ctx);
      return;
    }
    double uncertainty = 1 - p.getConfidence();
    if (p.getConfidence() < scored.threshold()) {
      if (budget == null || budget.admit(uncertainty, now)) {
        toPeople(scored, Route.UNCERTAIN, TaskKind.UNCERTAIN, uncertainty, now, ctx);
      } else {
        out.collect(machineDecision(scored, Route.OVER_CAPACITY, now));
        machine.inc();
      }
      return;
    }
    boolean audit = drawnForAudit(scored.frame().getFrameId(), auditRate);
    out.collect(machineDecision(scored, audit ? Route.AUDIT_SAMPLE : Route.CONFIDENT, now));
    machine.inc();
    if (audit) {
      ctx.output(TASKS, task(scored, Route.AUDIT_SAMPLE, TaskKind.AUDIT, AUDIT_PRIORITY, now));
      ctx.output(
          PENDING,
          new PendingFrame(
              scored.frame(), p, Route.AUDIT_SAMPLE, scored.threshold(), now, auditRate));
    }
  }

  /**
   * Whether a confident decision on this frame is drawn for people to check: a uniform draw
   * from the frame id's hash, independent of the model's output, so the sample is a simple
   * random sample of confident decisions and its accuracy estimates theirs without bias.
   */
  static boolean drawnForAudit(String frameId, double auditRate) {
    return StableHash.unit(frameId, AUDIT_SALT) < auditRate;
  }

  private void toPeople(
      ScoredFrame scored, Route route, TaskKind kind, double priority, long now, Context ctx) {
    ctx.output(TASKS, task(scored, route, kind, priority, now));
    ctx.output(
        PENDING,
        new PendingFrame(scored.frame(), scored.prediction(), route, scored.threshold(), now, 1.0));
    people.inc();
  }

  private LabelTask task(
      ScoredFrame scored, Route route, TaskKind kind, double priority, long now) {
    String frameId = scored.frame().getFrameId();
    return LabelTask.newBuilder()
        .setTaskId(frameId)
        .setFrameId(frameId)
        .setKind(kind)
        .setRequiredLabels(evidence.requiredLabels(frameId, route))
        .setPriority(priority)
        .setFrame(scored.frame())
        .setMachineOpinion(scored.prediction())
        .setCreatedAt(Instant.ofEpochMilli(now))
        .build();
  }

  static Decision machineDecision(ScoredFrame scored, Route route, long now) {
    Prediction p = scored.prediction();
    return Decision.newBuilder()
        .setFrameId(scored.frame().getFrameId())
        .setLabel(p.getPredicted())
        .setMadeBy(DecisionMaker.MACHINE)
        .setRoute(route)
        .setMachine(
            MachineProvenance.newBuilder()
                .setModelVersion(p.getModelVersion())
                .setConfidence(p.getConfidence())
                .setUncertainty(1 - p.getConfidence())
                .setThreshold((float) scored.threshold())
                .build())
        .setDecidedAt(Instant.ofEpochMilli(now))
        .setSource(scored.frame().getSource())
        .setVehicleId(scored.frame().getVehicleId())
        .build();
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    budgetState.update(budget == null ? List.of() : List.of(budget));
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    budgetState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("capacity", CapacityBudget.class));
    budget = null;
    for (CapacityBudget restored : budgetState.get()) {
      budget = restored;
    }
    if (budget == null && humanTasksPerHour > 0) {
      int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
      budget = new CapacityBudget(humanTasksPerHour / parallelism);
    }
  }
}
