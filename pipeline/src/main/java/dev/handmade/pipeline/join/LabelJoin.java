package dev.handmade.pipeline.join;

import dev.handmade.schema.DeadLetter;
import dev.handmade.schema.Decision;
import dev.handmade.schema.DecisionMaker;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.HumanProvenance;
import dev.handmade.schema.LabelOrigin;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabellerAnswer;
import dev.handmade.schema.MachineProvenance;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.Route;
import dev.handmade.schema.TrainingExample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Joins frames waiting for people with people's labels, keyed by frame id.
 *
 * <p>Main output: the final decisions that people make (or that fall back to the machine when
 * people could not agree, or did not answer within the pending TTL: each such decision is marked
 * UNRESOLVED or EXPIRED, which is the record of what expired). Side outputs: training examples,
 * one per verified label, and dead letters for labels whose frame is unknown (so no acknowledged
 * label disappears silently).
 *
 * <p>For an audit sample the machine has already decided; the label only becomes a training
 * example (and, in the audit log, the people's verdict on that decision).
 */
public final class LabelJoin
    extends KeyedCoProcessFunction<String, PendingFrame, HumanLabel, Decision> {

  public static final OutputTag<TrainingExample> TRAINING = new OutputTag<>("training-examples") {};
  public static final OutputTag<DeadLetter> REJECTED = new OutputTag<>("rejected-labels") {};

  /** How long a label may wait for its frame (they can cross after a restore). */
  private static final long LABEL_GRACE_MILLIS = Duration.ofMinutes(10).toMillis();

  private final long pendingTtlMillis;

  private transient ValueState<PendingFrame> pending;
  private transient ValueState<HumanLabel> early;
  private transient Counter humanDecisions;
  private transient Counter expired;
  private transient Histogram queueWait;

  public LabelJoin(Duration pendingTtl) {
    this.pendingTtlMillis = pendingTtl.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    pending =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("pending-frame", PendingFrame.class));
    early =
        getRuntimeContext().getState(new ValueStateDescriptor<>("early-label", HumanLabel.class));
    humanDecisions = getRuntimeContext().getMetricGroup().counter("humanDecisions");
    expired = getRuntimeContext().getMetricGroup().counter("pendingExpired");
    // how long frames wait for people: from routing to the label's arrival
    queueWait =
        getRuntimeContext()
            .getMetricGroup()
            .histogram("queueWaitMillis", new DescriptiveStatisticsHistogram(1000));
  }

  @Override
  public void processElement1(PendingFrame frame, Context ctx, Collector<Decision> out)
      throws Exception {
    HumanLabel label = early.value();
    if (label != null) {
      early.clear();
      join(frame, label, ctx, out);
      return;
    }
    pending.update(frame);
    ctx.timerService().registerProcessingTimeTimer(frame.routedAtMillis() + pendingTtlMillis);
  }

  @Override
  public void processElement2(HumanLabel label, Context ctx, Collector<Decision> out)
      throws Exception {
    PendingFrame frame = pending.value();
    if (frame == null) {
      early.update(label);
      ctx.timerService()
          .registerProcessingTimeTimer(
              ctx.timerService().currentProcessingTime() + LABEL_GRACE_MILLIS);
      return;
    }
    pending.clear();
    join(frame, label, ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Decision> out)
      throws Exception {
    PendingFrame frame = pending.value();
    if (frame != null && timestamp >= frame.routedAtMillis() + pendingTtlMillis) {
      pending.clear();
      expired.inc();
      if (frame.route() != Route.AUDIT_SAMPLE) {
        out.collect(fallback(frame, Route.EXPIRED, null, timestamp));
      }
    }
    HumanLabel orphan = early.value();
    if (orphan != null && pending.value() == null) {
      early.clear();
      ctx.output(
          REJECTED,
          DeadLetter.newBuilder()
              .setFrameId(orphan.getFrameId())
              .setOrigin("labelling-service feed #" + orphan.getSequence())
              .setStage("label-join")
              .setReason(
                  "label for task "
                      + orphan.getTaskId()
                      + " arrived, but its frame is not waiting for people "
                      + "(already decided, or expired)")
              .setRecordedAt(Instant.ofEpochMilli(timestamp))
              .build());
    }
  }

  private void join(PendingFrame frame, HumanLabel label, Context ctx, Collector<Decision> out) {
    long now = ctx.timerService().currentProcessingTime();
    queueWait.update(Math.max(0, now - frame.routedAtMillis()));
    if (label.getOutcome() == LabelOutcome.VERIFIED && label.getLabel() != null) {
      ctx.output(TRAINING, example(frame, label));
      if (frame.route() != Route.AUDIT_SAMPLE) {
        out.collect(
            Decision.newBuilder()
                .setFrameId(frame.frameId())
                .setSource(frame.frame().getSource())
                .setVehicleId(frame.frame().getVehicleId())
                .setLabel(label.getLabel())
                .setMadeBy(DecisionMaker.HUMAN)
                .setRoute(frame.route())
                .setHuman(provenance(frame, label))
                .setDecidedAt(Instant.ofEpochMilli(now))
                .build());
        humanDecisions.inc();
      }
    } else if (frame.route() != Route.AUDIT_SAMPLE) {
      out.collect(fallback(frame, Route.UNRESOLVED, label, now));
    }
  }

  /**
   * When people gave no usable label: the machine's prediction if there was one, otherwise the
   * most common answer people gave (or OTHER when they gave none), with the record saying so.
   */
  private static Decision fallback(PendingFrame frame, Route route, HumanLabel label, long now) {
    Prediction p = frame.prediction();
    Decision.Builder d =
        Decision.newBuilder()
            .setFrameId(frame.frameId())
            .setRoute(route)
            .setSource(frame.frame().getSource())
            .setVehicleId(frame.frame().getVehicleId())
            .setDecidedAt(Instant.ofEpochMilli(now));
    if (label != null) {
      d.setHuman(provenance(frame, label));
    }
    if (p != null) {
      return d.setLabel(p.getPredicted())
          .setMadeBy(DecisionMaker.MACHINE)
          .setMachine(
              MachineProvenance.newBuilder()
                  .setModelVersion(p.getModelVersion())
                  .setConfidence(p.getConfidence())
                  .setUncertainty(1 - p.getConfidence())
                  .setThreshold((float) frame.threshold())
                  .build())
          .build();
    }
    // no model to fall back on: people's most common answer is their decision; with none, OTHER is
    // nobody's
    Optional<ObjectClass> plurality = plurality(label);
    return d.setLabel(plurality.orElse(ObjectClass.OTHER))
        .setMadeBy(plurality.isPresent() ? DecisionMaker.HUMAN : DecisionMaker.MACHINE)
        .build();
  }

  private static Optional<ObjectClass> plurality(HumanLabel label) {
    if (label == null) {
      return Optional.empty();
    }
    Map<ObjectClass, Integer> votes = new EnumMap<>(ObjectClass.class);
    for (LabellerAnswer a : label.getAnswers()) {
      if (a.getAnswer() != null) {
        votes.merge(a.getAnswer(), 1, Integer::sum);
      }
    }
    return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
  }

  private static HumanProvenance provenance(PendingFrame frame, HumanLabel label) {
    return HumanProvenance.newBuilder()
        .setTaskId(label.getTaskId())
        .setAnswers(label.getAnswers())
        .setAgreement(label.getAgreement())
        .setMachineOpinion(frame.prediction())
        .build();
  }

  private static TrainingExample example(PendingFrame frame, HumanLabel label) {
    long active = 0;
    long cost = 0;
    int agreeing = 0;
    List<String> labellers = new ArrayList<>();
    for (LabellerAnswer a : label.getAnswers()) {
      active += a.getActiveMillis();
      cost += a.getPayCents();
      labellers.add(a.getLabellerId());
      agreeing += a.getAnswer() == label.getLabel() ? 1 : 0;
    }
    return TrainingExample.newBuilder()
        .setFrame(frame.frame())
        .setLabel(label.getLabel())
        .setOrigin(LabelOrigin.HUMAN)
        .setTaskId(label.getTaskId())
        .setLabellerIds(labellers)
        .setActiveMillis(active)
        .setCostCents(cost)
        .setRoute(frame.route())
        .setInclusionProbability(frame.inclusionProbability())
        .setRoutedBy(frame.prediction() == null ? null : frame.prediction().getModelVersion())
        .setAgreeingAnswers(agreeing)
        .build();
  }
}
