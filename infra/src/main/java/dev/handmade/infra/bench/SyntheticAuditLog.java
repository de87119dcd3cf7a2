package dev.handmade.infra.bench;

import dev.handmade.audit.chain.HashChain;
import dev.handmade.audit.log.AuditLog;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.avro.file.CodecFactory;

/**
 * An audit log as the pipeline writes it, made up: per frame one final decision (mostly the
 * machine's, some drawn as audit samples and judged by people a minute later, some decided by
 * people with the model's opinion), 25 frames a second, a new model version every 12 hours. Files
 * are sealed into the hash chain by {@link HashChain#seal} with the audit sink's codec, under the
 * sink's hourly partitions, rolled at a record count or when the hour changes, as the sink does.
 * Appending continues the chain and the clock.
 */
public final class SyntheticAuditLog {

  /** The audit sink's default codec. */
  private static final CodecFactory CODEC = CodecFactory.fromString("deflate");

  private static final DateTimeFormatter PARTITION =
      DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);
  private static final long MILLIS_PER_FRAME = 40;
  private static final ObjectClass[] CLASSES = ObjectClass.values();

  private final ObjectStore store;
  private final int perFile;
  private final Random random = new Random(16);
  private HashChain.Link link = HashChain.Link.start();
  private long frame;
  private long labelSequence;
  private Instant clock = Instant.parse("2026-11-01T00:00:00Z");

  /** Audit verdicts not yet logged: they come a minute after the sample. */
  private final List<AuditEvent> verdicts = new ArrayList<>();

  public SyntheticAuditLog(ObjectStore store, int perFile) {
    this.store = store;
    this.perFile = perFile;
  }

  /** Writes at least {@code events} more events, in whole files; returns how many. */
  public long append(long events) {
    long written = 0;
    List<AuditEvent> file = new ArrayList<>(perFile);
    String partition = null;
    while (written < events || !file.isEmpty()) {
      List<AuditEvent> next = written < events ? nextFrame() : List.of();
      for (AuditEvent event : next) {
        String at = PARTITION.format(event.getRecordedAt());
        if (!file.isEmpty() && (file.size() == perFile || !at.equals(partition))) {
          seal(file, partition);
        }
        partition = at;
        file.add(event);
        written++;
      }
      if (next.isEmpty() && !file.isEmpty()) {
        seal(file, partition);
      }
    }
    return written;
  }

  private void seal(List<AuditEvent> file, String partition) {
    String key =
        String.format(
            Locale.ROOT,
            "%s/%s/part-00000-%010d-0000-bench.avro",
            AuditLog.PREFIX,
            partition,
            link.nextPosition());
    HashChain.SealedFile sealed =
        HashChain.seal(file, AuditEvent.getClassSchema(), key, link, CODEC);
    store.putBytes(key, sealed.bytes());
    link = sealed.next();
    file.clear();
  }

  /** The events logged while the next frame is decided: its decision, and verdicts now due. */
  private List<AuditEvent> nextFrame() {
    List<AuditEvent> events = new ArrayList<>(3);
    clock = clock.plusMillis(MILLIS_PER_FRAME);
    while (!verdicts.isEmpty() && !verdicts.get(0).getRecordedAt().isAfter(clock)) {
      events.add(verdicts.remove(0));
    }
    String frameId = "frame-" + frame++;
    String version = "v" + (1 + clock.getEpochSecond() / 43_200 % 1_000);
    ObjectClass predicted = CLASSES[random.nextInt(CLASSES.length)];
    String vehicle = "vehicle-" + random.nextInt(40);
    int draw = random.nextInt(1_000);
    Decision.Builder decision =
        Decision.newBuilder()
            .setFrameId(frameId)
            .setDecidedAt(clock)
            .setSource(draw % 2 == 0 ? "drive-log" : "simulator")
            .setVehicleId(vehicle);
    if (draw < 820) {
      Route route =
          draw < 20 ? Route.AUDIT_SAMPLE : draw < 790 ? Route.CONFIDENT : Route.OVER_CAPACITY;
      float confidence = route == Route.OVER_CAPACITY ? 0.6f : 0.9f + random.nextFloat() * 0.1f;
      decision
          .setLabel(predicted)
          .setMadeBy(DecisionMaker.MACHINE)
          .setRoute(route)
          .setMachine(
              MachineProvenance.newBuilder()
                  .setModelVersion(version)
                  .setConfidence(confidence)
                  .setUncertainty(1 - confidence)
                  .setThreshold(0.9f)
                  .build());
      if (route == Route.AUDIT_SAMPLE) {
        ObjectClass verdict =
            random.nextInt(50) == 0 ? CLASSES[random.nextInt(CLASSES.length)] : predicted;
        verdicts.add(label(frameId, TaskKind.AUDIT, verdict, clock.plusSeconds(60)));
      }
    } else {
      ObjectClass chosen =
          random.nextInt(5) == 0 ? CLASSES[random.nextInt(CLASSES.length)] : predicted;
      AuditEvent label = label(frameId, TaskKind.UNCERTAIN, chosen, clock);
      events.add(label);
      decision
          .setLabel(chosen)
          .setMadeBy(DecisionMaker.HUMAN)
          .setRoute(Route.UNCERTAIN)
          .setHuman(
              HumanProvenance.newBuilder()
                  .setTaskId(frameId)
                  .setAnswers(label.getLabel().getAnswers())
                  .setAgreement(1f)
                  .setMachineOpinion(opinion(frameId, version, predicted))
                  .build());
    }
    Decision d = decision.build();
    events.add(
        AuditEvent.newBuilder()
            .setEventId("decision:" + frameId)
            .setKind(AuditEventKind.DECISION)
            .setRecordedAt(clock)
            .setDecision(d)
            .build());
    return events;
  }

  private AuditEvent label(String frameId, TaskKind kind, ObjectClass label, Instant at) {
    List<LabellerAnswer> answers = new ArrayList<>(2);
    for (int i = 0; i < 2; i++) {
      answers.add(
          LabellerAnswer.newBuilder()
              .setLabellerId("l-" + Integer.toHexString(random.nextInt(64)))
              .setAnswer(label)
              .setActiveMillis(3_000 + random.nextInt(4_000))
              .setPayCents(5)
              .setAnsweredAt(at.minusSeconds(10 - i))
              .build());
    }
    long sequence = ++labelSequence;
    HumanLabel l =
        HumanLabel.newBuilder()
            .setSequence(sequence)
            .setTaskId(frameId)
            .setFrameId(frameId)
            .setKind(kind)
            .setOutcome(LabelOutcome.VERIFIED)
            .setLabel(label)
            .setAnswers(answers)
            .setAgreement(1f)
            .setVerifiedAt(at)
            .build();
    return AuditEvent.newBuilder()
        .setEventId("label:" + sequence)
        .setKind(AuditEventKind.HUMAN_LABEL)
        .setRecordedAt(at)
        .setLabel(l)
        .build();
  }

  private Prediction opinion(String frameId, String version, ObjectClass predicted) {
    List<Float> probabilities = new ArrayList<>(CLASSES.length);
    for (ObjectClass c : CLASSES) {
      probabilities.add(c == predicted ? 0.55f : 0.45f / (CLASSES.length - 1));
    }
    return Prediction.newBuilder()
        .setFrameId(frameId)
        .setModelVersion(version)
        .setProbabilities(probabilities)
        .setPredicted(predicted)
        .setConfidence(0.55f)
        .setMargin(0.49f)
        .setEntropy(1.2f)
        .setPredictedAt(clock)
        .build();
  }
}
