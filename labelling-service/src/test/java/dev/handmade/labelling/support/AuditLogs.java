package dev.handmade.labelling.support;

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
import dev.handmade.storage.registry.Drafts;
import dev.handmade.storage.registry.ModelRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.CodecFactory;

/**
 * A small audit log and model registry as the pipeline writes them, for the auditor's endpoints
 * to read: two hash-chained files and three model versions.
 *
 * <ul>
 *   <li>{@value #CONFIDENT}: the machine decided CAR (v1, 0.97 confident);
 *   <li>{@value #AUDITED}: the machine decided TRUCK and the frame was drawn as an audit sample,
 *       which the first labeller verified;
 *   <li>{@value #BY_PEOPLE}: the model was unsure (CYCLIST, 0.55); both labellers said
 *       PEDESTRIAN, which v2 was trained on and v3 inherits.
 * </ul>
 *
 * So the machine made two decisions and people one.
 */
public final class AuditLogs {

  public static final String CONFIDENT = "f-machine-1";
  public static final String AUDITED = "f-audit-1";
  public static final String BY_PEOPLE = "f-people-1";
  public static final Instant START = Instant.parse("2026-11-29T08:10:00Z");
  public static final long ACTIVE_MILLIS = 20_000;
  public static final long PAY_CENTS = 5;

  private AuditLogs() {}

  /** Writes the log under {@code audit/} and publishes v1..v3, with answers by the two labeller ids. */
  public static void write(ObjectStore store, String firstLabeller, String secondLabeller) {
    List<AuditEvent> eight = new ArrayList<>();
    eight.add(
        event(
            "e-1",
            decision(CONFIDENT, ObjectClass.CAR, Route.CONFIDENT, 0)
                .setMadeBy(DecisionMaker.MACHINE)
                .setMachine(machine(0.97f))
                .build()));
    HumanLabel audit =
        label(
            AUDITED,
            TaskKind.AUDIT,
            ObjectClass.TRUCK,
            1,
            60,
            answer(firstLabeller, ObjectClass.TRUCK, 50));
    eight.add(event("e-2", audit));
    eight.add(
        event(
            "e-3",
            decision(AUDITED, ObjectClass.TRUCK, Route.AUDIT_SAMPLE, 61)
                .setMadeBy(DecisionMaker.MACHINE)
                .setMachine(machine(0.93f))
                .build()));

    List<AuditEvent> nine = new ArrayList<>();
    List<LabellerAnswer> answers =
        List.of(
            answer(firstLabeller, ObjectClass.PEDESTRIAN, 3000),
            answer(secondLabeller, ObjectClass.PEDESTRIAN, 3010));
    nine.add(
        event(
            "e-4",
            label(
                BY_PEOPLE,
                TaskKind.UNCERTAIN,
                ObjectClass.PEDESTRIAN,
                2,
                3020,
                answers.toArray(LabellerAnswer[]::new))));
    nine.add(
        event(
            "e-5",
            decision(BY_PEOPLE, ObjectClass.PEDESTRIAN, Route.UNCERTAIN, 3030)
                .setMadeBy(DecisionMaker.HUMAN)
                .setHuman(
                    HumanProvenance.newBuilder()
                        .setTaskId(BY_PEOPLE)
                        .setAnswers(answers)
                        .setAgreement(1f)
                        .setMachineOpinion(opinion())
                        .build())
                .build()));

    String first = "audit/dt=2026-11-29/hour=08/part-00000-0000000001-0000-test.avro";
    String second = "audit/dt=2026-11-29/hour=09/part-00000-0000000002-0000-test.avro";
    HashChain.SealedFile sealed =
        HashChain.seal(
            eight,
            AuditEvent.getClassSchema(),
            first,
            HashChain.Link.start(),
            CodecFactory.nullCodec());
    store.putBytes(first, sealed.bytes());
    store.putBytes(
        second,
        HashChain.seal(
                nine, AuditEvent.getClassSchema(), second, sealed.next(), CodecFactory.nullCodec())
            .bytes());

    ModelRegistry registry = new ModelRegistry(store);
    registry.publish(Drafts.draft(null, "bootstrap"), new byte[] {1});
    registry.publish(
        Drafts.draft("v1", "fine-tuned on people's labels").setTrainingFrameIds(List.of(BY_PEOPLE)),
        new byte[] {2});
    registry.publish(Drafts.draft("v2", "fine-tuned again"), new byte[] {3});
  }

  private static Decision.Builder decision(
      String frameId, ObjectClass label, Route route, long atSecond) {
    return Decision.newBuilder()
        .setFrameId(frameId)
        .setLabel(label)
        .setRoute(route)
        .setDecidedAt(START.plusSeconds(atSecond))
        .setSource("simulator")
        .setVehicleId("v-7");
  }

  private static MachineProvenance machine(float confidence) {
    return MachineProvenance.newBuilder()
        .setModelVersion("v1")
        .setConfidence(confidence)
        .setUncertainty(confidence)
        .setThreshold(0.8f)
        .build();
  }

  private static Prediction opinion() {
    float[] probabilities = {0.05f, 0.05f, 0.3f, 0.55f, 0.01f, 0.01f, 0.01f, 0.02f};
    List<Float> list = new ArrayList<>();
    for (float p : probabilities) {
      list.add(p);
    }
    return Prediction.newBuilder()
        .setFrameId(BY_PEOPLE)
        .setModelVersion("v1")
        .setProbabilities(list)
        .setPredicted(ObjectClass.CYCLIST)
        .setConfidence(0.55f)
        .setMargin(0.25f)
        .setEntropy(1.2f)
        .setPredictedAt(START.plusSeconds(2990))
        .build();
  }

  private static LabellerAnswer answer(String labellerId, ObjectClass answer, long atSecond) {
    return LabellerAnswer.newBuilder()
        .setLabellerId(labellerId)
        .setAnswer(answer)
        .setActiveMillis(ACTIVE_MILLIS)
        .setPayCents(PAY_CENTS)
        .setCurrency("EUR")
        .setAnsweredAt(START.plusSeconds(atSecond))
        .build();
  }

  private static HumanLabel label(
      String frameId,
      TaskKind kind,
      ObjectClass label,
      long sequence,
      long atSecond,
      LabellerAnswer... answers) {
    return HumanLabel.newBuilder()
        .setSequence(sequence)
        .setTaskId(frameId)
        .setFrameId(frameId)
        .setKind(kind)
        .setOutcome(LabelOutcome.VERIFIED)
        .setLabel(label)
        .setAnswers(List.of(answers))
        .setAgreement(1f)
        .setVerifiedAt(START.plusSeconds(atSecond))
        .build();
  }

  private static AuditEvent event(String id, Decision decision) {
    return AuditEvent.newBuilder()
        .setEventId(id)
        .setKind(AuditEventKind.DECISION)
        .setRecordedAt(decision.getDecidedAt())
        .setDecision(decision)
        .build();
  }

  private static AuditEvent event(String id, HumanLabel label) {
    return AuditEvent.newBuilder()
        .setEventId(id)
        .setKind(AuditEventKind.HUMAN_LABEL)
        .setRecordedAt(label.getVerifiedAt())
        .setLabel(label)
        .build();
  }
}
