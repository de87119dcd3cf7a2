package dev.handmade.audit.statement;

import dev.handmade.audit.chain.ChainVerification;
import dev.handmade.audit.log.AuditLogContents;
import dev.handmade.audit.report.AuditReport;
import dev.handmade.audit.report.AuditReport.Proportion;
import dev.handmade.audit.report.AuditReport.Share;
import dev.handmade.audit.report.AuditReportBuilder;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.audit.report.Wilson;
import dev.handmade.audit.statement.LabourStatement.AuditHead;
import dev.handmade.audit.statement.LabourStatement.LabellerDay;
import dev.handmade.audit.statement.LabourStatement.Labour;
import dev.handmade.audit.statement.LabourStatement.Ledger;
import dev.handmade.audit.statement.LabourStatement.LiveDecisions;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabellerAnswer;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.TaskKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes a {@link LabourStatement} from a prefix of the audit log, the registry's version
 * records and the pay ledger's labeller-days. The same computation makes a statement and checks
 * one ({@link LabourStatementCheck}), so every figure but the ledger's own is reproducible from
 * the log alone.
 *
 * <p>A version's labels are the verified human labels of the frames it was first trained on
 * ({@code trainingFrameIds}), as the audit log holds them; their answers give the labellers,
 * active time and piece pay. Wage-floor top-ups are paid per labeller-day, so they are shared out
 * by {@link #TOP_UP_RULE}.
 */
public final class LabourStatementBuilder {

  public static final String TOP_UP_RULE =
      "A labeller-day's wage-floor top-up is shared out over the tasks the"
          + " labeller was paid for that day, as the pay ledger counts them: a version is attributed the top-up"
          + " times the labeller's answers that day among the labels it was first trained on, over that day's"
          + " tasks. The rest stays with work no version was trained on (evidence and audit-sample labels, gold"
          + " tasks, tasks people could not agree on). Only top-ups the ledger had settled when the statement was"
          + " computed count; a day is settled after it ends in the pay time zone.";

  private static final double MILLIS_PER_HOUR = 3_600_000.0;

  private LabourStatementBuilder() {}

  /** Raised when the log prefix lacks what a version's record names; the statement cannot be made yet. */
  public static final class IncompleteLogException extends RuntimeException {
    IncompleteLogException(String message) {
      super(message);
    }
  }

  /**
   * The statement of {@code version}.
   *
   * @param prefix the audit log's events from the start of the chain up to {@code head}
   * @param versions every published version by name (the lineage is looked up here)
   * @param ledgerDays the pay ledger's labeller-days by {@link #dayKey}, labellers under the
   *     statement's pseudonyms; rows no label touches are left out of the statement
   * @throws IncompleteLogException when a training frame of the lineage has no verified label
   *     in the prefix
   */
  public static LabourStatement build(
      String version,
      List<AuditEvent> prefix,
      AuditHead head,
      Map<String, ModelVersion> versions,
      Ledger terms,
      Map<String, LabellerDay> ledgerDays,
      Instant computedAt,
      String supersededBy) {
    ModelVersion record = versions.get(version);
    if (record == null) {
      throw new IllegalArgumentException("no published version " + version);
    }
    List<ModelVersion> lineage = lineage(record, versions);
    Map<String, HumanLabel> labels = verifiedLabels(prefix);
    Pseudonyms pseudonyms = Pseudonyms.withKey(terms.pseudonymSalt());
    ZoneId zone = ZoneId.of(terms.timeZone());

    Map<String, Work> work = new LinkedHashMap<>();
    Map<String, Map<String, Long>> answersByDay = new TreeMap<>();
    for (ModelVersion v : lineage) {
      Work w = new Work();
      for (String frameId : v.getTrainingFrameIds()) {
        HumanLabel label = labels.get(frameId);
        if (label == null) {
          throw new IncompleteLogException(
              v.getVersion()
                  + " was trained on frame "
                  + frameId
                  + ", whose verified label is not in the audit log up to "
                  + head.hash());
        }
        w.labels++;
        for (LabellerAnswer a : label.getAnswers()) {
          String labeller = pseudonyms.of(a.getLabellerId());
          String day = LocalDate.ofInstant(a.getAnsweredAt(), zone).toString();
          w.answers++;
          w.labellers.add(labeller);
          w.activeMillis += a.getActiveMillis();
          w.pieceCents += a.getPayCents();
          answersByDay
              .computeIfAbsent(dayKey(labeller, day), k -> new TreeMap<>())
              .merge(v.getVersion(), 1L, Long::sum);
        }
      }
      work.put(v.getVersion(), w);
    }

    List<LabellerDay> days = new ArrayList<>();
    for (Map.Entry<String, Map<String, Long>> e : answersByDay.entrySet()) {
      String[] key = e.getKey().split("/", 2);
      LabellerDay paid = ledgerDays.get(e.getKey());
      LabellerDay row =
          paid == null
              ? new LabellerDay(key[0], key[1], 0, 0, false, e.getValue())
              : new LabellerDay(
                  key[0], key[1], paid.tasks(), paid.topUpCents(), paid.settled(), e.getValue());
      days.add(row);
      long answered = e.getValue().values().stream().mapToLong(Long::longValue).sum();
      // a day paid for fewer tasks than the answers it holds would otherwise give out more than its
      // top-up
      long shareBase = Math.max(row.tasks(), answered);
      e.getValue()
          .forEach(
              (v, n) ->
                  work.get(v).topUpCents +=
                      shareBase == 0 ? 0 : (double) row.topUpCents() * n / shareBase);
    }

    Work all = new Work();
    for (Work w : work.values()) {
      all.labels += w.labels;
      all.answers += w.answers;
      all.labellers.addAll(w.labellers);
      all.activeMillis += w.activeMillis;
      all.pieceCents += w.pieceCents;
      all.topUpCents += w.topUpCents;
    }

    AuditReport report =
        new AuditReportBuilder(pseudonyms)
            .build(
                new AuditLogContents(
                    "audit log up to " + head.hash(),
                    prefix,
                    new ChainVerification(
                        head.position() + 1, prefix.size(), head.hash(), List.of())),
                List.of(),
                LabourInput.none(),
                computedAt);
    Share live =
        report.decisions().byVersion().stream()
            .filter(s -> s.key().equals(version))
            .findFirst()
            .orElse(new Share(version, 0, 0));
    Proportion accuracy =
        report.accuracy().byVersion().stream()
            .filter(p -> p.key().equals(version))
            .findFirst()
            .orElse(Wilson.proportion(version, 0, 0));

    return new LabourStatement(
        version,
        record.getParent(),
        lineage.stream().map(ModelVersion::getVersion).toList(),
        record.getCreatedAt(),
        computedAt,
        supersededBy,
        head,
        terms,
        work.get(version).labour(),
        all.labour(),
        new LiveDecisions(live.machine(), live.people()),
        accuracy,
        days);
  }

  /** The key of a labeller-day in {@code ledgerDays}. */
  public static String dayKey(String labeller, String day) {
    return labeller + "/" + day;
  }

  /** The version and its ancestors, newest first; a parent the registry lacks ends it. */
  static List<ModelVersion> lineage(ModelVersion version, Map<String, ModelVersion> versions) {
    List<ModelVersion> lineage = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ModelVersion v = version;
        v != null && seen.add(v.getVersion());
        v = v.getParent() == null ? null : versions.get(v.getParent())) {
      lineage.add(v);
    }
    return lineage;
  }

  /** The first verified label people gave each frame (gold tasks measure labellers, not frames). */
  static Map<String, HumanLabel> verifiedLabels(List<AuditEvent> events) {
    Map<String, HumanLabel> labels = new HashMap<>();
    for (AuditEvent e : events) {
      HumanLabel l = e.getLabel();
      if (l != null
          && l.getOutcome() == LabelOutcome.VERIFIED
          && l.getLabel() != null
          && l.getKind() != TaskKind.GOLD) {
        labels.putIfAbsent(l.getFrameId(), l);
      }
    }
    return labels;
  }

  private static final class Work {
    long labels;
    long answers;
    final Set<String> labellers = new HashSet<>();
    long activeMillis;
    long pieceCents;
    double topUpCents;

    Labour labour() {
      return new Labour(
          labels,
          answers,
          labellers.size(),
          activeMillis / MILLIS_PER_HOUR,
          pieceCents,
          Math.round(topUpCents * 100) / 100.0);
    }
  }
}
