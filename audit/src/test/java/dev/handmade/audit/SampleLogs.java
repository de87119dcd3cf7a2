package dev.handmade.audit;

import dev.handmade.audit.chain.HashChain;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.AuditEventKind;
import dev.handmade.schema.Decision;
import dev.handmade.schema.DecisionMaker;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.HumanProvenance;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabellerAnswer;
import dev.handmade.schema.MachineProvenance;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import dev.handmade.storage.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.file.CodecFactory;

/** Audit events as the pipeline writes them, and a chained log of them in a bucket. */
public final class SampleLogs {

  public static final Instant START = Instant.parse("2026-11-29T08:00:00Z");

  private SampleLogs() {}

  /** Writes {@code files} chained files of {@code perFile} events each; returns their keys. */
  public static List<String> writeChained(ObjectStore store, List<AuditEvent> events, int perFile) {
    return writeChained(store, events, perFile, HashChain.Link.start());
  }

  /** The same, continuing the chain already in {@code store}, as a restarted writer does. */
  public static List<String> appendChained(
      ObjectStore store, List<AuditEvent> events, int perFile) {
    return writeChained(store, events, perFile, HashChain.head(store, "audit"));
  }

  private static List<String> writeChained(
      ObjectStore store, List<AuditEvent> events, int perFile, HashChain.Link start) {
    List<String> keys = new ArrayList<>();
    HashChain.Link link = start;
    for (int from = 0, n = (int) start.nextPosition(); from < events.size(); from += perFile, n++) {
      List<AuditEvent> slice = new ArrayList<>();
      for (AuditEvent e : events.subList(from, Math.min(events.size(), from + perFile))) {
        slice.add(AuditEvent.newBuilder(e).build());
      }
      String key =
          String.format(
              Locale.ROOT, "audit/dt=2026-11-29/hour=08/part-00000-%010d-0000-test.avro", n + 1);
      HashChain.SealedFile sealed =
          HashChain.seal(
              slice, AuditEvent.getClassSchema(), key, link, CodecFactory.deflateCodec(6));
      store.putBytes(key, sealed.bytes());
      link = sealed.next();
      keys.add(key);
    }
    return keys;
  }

  public static AuditEvent event(Decision d) {
    return AuditEvent.newBuilder()
        .setEventId("decision:" + d.getFrameId())
        .setKind(AuditEventKind.DECISION)
        .setRecordedAt(d.getDecidedAt())
        .setDecision(d)
        .build();
  }

  public static AuditEvent event(HumanLabel l) {
    return AuditEvent.newBuilder()
        .setEventId("label:" + l.getSequence())
        .setKind(AuditEventKind.HUMAN_LABEL)
        .setRecordedAt(l.getVerifiedAt())
        .setLabel(l)
        .build();
  }

  public static Decision machine(
      String frameId,
      Route route,
      String version,
      ObjectClass label,
      float confidence,
      Instant at) {
    return Decision.newBuilder()
        .setFrameId(frameId)
        .setLabel(label)
        .setMadeBy(DecisionMaker.MACHINE)
        .setRoute(route)
        .setMachine(
            MachineProvenance.newBuilder()
                .setModelVersion(version)
                .setConfidence(confidence)
                .setUncertainty(1 - confidence)
                .setThreshold(0.9f)
                .build())
        .setDecidedAt(at)
        .setSource("simulator")
        .setVehicleId("sim-vehicle-1")
        .build();
  }

  public static Decision human(
      String frameId,
      String opinionVersion,
      ObjectClass opinion,
      ObjectClass label,
      String labeller,
      Instant at) {
    Prediction p =
        opinionVersion == null
            ? null
            : Prediction.newBuilder()
                .setFrameId(frameId)
                .setModelVersion(opinionVersion)
                .setProbabilities(List.of())
                .setPredicted(opinion)
                .setConfidence(0.6f)
                .setMargin(0.2f)
                .setEntropy(1f)
                .setPredictedAt(at)
                .build();
    return Decision.newBuilder()
        .setFrameId(frameId)
        .setLabel(label)
        .setMadeBy(DecisionMaker.HUMAN)
        .setRoute(opinionVersion == null ? Route.NO_MODEL : Route.UNCERTAIN)
        .setHuman(
            HumanProvenance.newBuilder()
                .setTaskId(frameId)
                .setAnswers(List.of(answer(labeller, label, at)))
                .setAgreement(1f)
                .setMachineOpinion(p)
                .build())
        .setDecidedAt(at)
        .setSource("simulator")
        .setVehicleId("sim-vehicle-2")
        .build();
  }

  public static HumanLabel label(
      long sequence,
      String frameId,
      TaskKind kind,
      ObjectClass label,
      String labeller,
      Instant at) {
    return HumanLabel.newBuilder()
        .setSequence(sequence)
        .setTaskId(frameId)
        .setFrameId(frameId)
        .setKind(kind)
        .setOutcome(LabelOutcome.VERIFIED)
        .setLabel(label)
        .setAnswers(List.of(answer(labeller, label, at)))
        .setAgreement(1f)
        .setVerifiedAt(at)
        .build();
  }

  public static LabellerAnswer answer(String labeller, ObjectClass answer, Instant at) {
    return LabellerAnswer.newBuilder()
        .setLabellerId(labeller)
        .setAnswer(answer)
        .setActiveMillis(4_000)
        .setPayCents(5)
        .setAnsweredAt(at)
        .build();
  }

  /** {@code n} machine decisions, one a second. */
  public static List<AuditEvent> machineDecisions(int n) {
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(
          event(
              machine(
                  "frame-" + i,
                  Route.CONFIDENT,
                  "v1",
                  ObjectClass.CAR,
                  0.97f,
                  START.plusSeconds(i))));
    }
    return events;
  }
}
