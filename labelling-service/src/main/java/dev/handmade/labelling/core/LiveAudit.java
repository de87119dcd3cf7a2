package dev.handmade.labelling.core;

import dev.handmade.audit.AuditSnapshot;
import dev.handmade.audit.log.AuditCheckpoint;
import dev.handmade.audit.log.AuditLog;
import dev.handmade.audit.log.AuditLogUpdate;
import dev.handmade.audit.provenance.FrameProvenance;
import dev.handmade.audit.provenance.ProvenanceIndex;
import dev.handmade.audit.report.AuditReport;
import dev.handmade.audit.report.AuditReportBuilder;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.labelling.api.PayDaysView;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.registry.ModelRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The auditor's view of current data: the audit report and frame provenance, computed from the
 * audit log and the model registry in the object store and from this service's own pay ledger.
 * The report's counts are kept from one refresh to the next, so each refresh reads only the audit
 * files committed since the last (see {@link AuditLogUpdate}); provenance needs every event of a
 * frame, so a lookup reads the whole log. Labellers appear only under pseudonyms.
 */
public final class LiveAudit {

  /**
   * How long one read of the bucket and the ledger serves: a refresh storm on the auditor's
   * page, or frame lookups one after another, must not read the bucket once a request; a few
   * seconds old is live enough for an auditor.
   */
  public static final Duration SNAPSHOT_TTL = Duration.ofSeconds(5);

  private final ObjectStore store;
  private final Ledger ledger;
  private final Accounts accounts;
  private final Pseudonyms pseudonyms;
  private final Duration ttl;
  private final Object reportLock = new Object();
  private final Object framesLock = new Object();

  /** What the report has counted so far; it moves on only past files whose chain checks out. */
  private AuditCheckpoint counted;

  private Timed<AuditReport> report;
  private Timed<ProvenanceIndex> frames;

  public LiveAudit(
      ObjectStore store, Ledger ledger, Accounts accounts, Pseudonyms pseudonyms, Duration ttl) {
    this.store = store;
    this.ledger = ledger;
    this.accounts = accounts;
    this.pseudonyms = pseudonyms;
    this.ttl = ttl;
    this.counted = AuditCheckpoint.empty(AuditLog.location(store, AuditLog.PREFIX));
  }

  /** Where the audit log is read, for messages: {@code s3://bucket/audit/ at http://host:port}. */
  public String location() {
    return "s3://" + store.bucket() + "/audit/ at " + store.endpoint();
  }

  /**
   * The report as of at most {@link #ttl} ago: the files committed since the last refresh are
   * read and counted in. Requests that arrive during a refresh wait for it and share it.
   */
  public AuditReport report() {
    synchronized (reportLock) {
      Instant now = ledger.clock().instant();
      if (report == null || expired(report.readAt(), now)) {
        AuditLogUpdate update = AuditLogUpdate.read(store, counted);
        if (update.intact()) {
          counted = update.checkpoint();
        }
        report =
            new Timed<>(
                now,
                new AuditReportBuilder(pseudonyms)
                    .build(
                        update.aggregate(),
                        update.checkpoint().log(),
                        update.verification(),
                        new ModelRegistry(store).list(),
                        labour(),
                        now));
      }
      return report.value();
    }
  }

  /** Empty when the audit log knows nothing of the frame. */
  public Optional<FrameProvenance> provenance(String frameId) {
    if (frameId == null || !TaskIntake.ID.matcher(frameId).matches()) {
      throw Rejection.badInput(
          "frameId", "1 to 200 of letters, digits, . _ : / - (starting with a letter or digit)");
    }
    synchronized (framesLock) {
      Instant now = ledger.clock().instant();
      if (frames == null || expired(frames.readAt(), now)) {
        AuditSnapshot read = AuditSnapshot.read(store, LabourInput.none(), ledger.clock());
        frames =
            new Timed<>(now, ProvenanceIndex.of(read.log().events(), read.versions(), pseudonyms));
      }
      return frames.value().lookup(frameId);
    }
  }

  /**
   * Every labeller-day of the pay ledger up to today, as {@code GET /api/pay/days} serves
   * them to admins (labellers by id), and every labeller's gold record, as
   * {@code GET /api/labellers} serves it. Days paid in another currency than the configured one
   * are left out: the report's ledger, and a labour statement's, is in one currency.
   */
  public LabourInput labour() {
    LocalDate today = ledger.today();
    PayDaysView paid = ledger.payDays(LocalDate.EPOCH, today);
    List<LabourInput.LabellerDay> days = new ArrayList<>();
    int otherCurrency = 0;
    for (PayDaysView.Row row : paid.days()) {
      if (!paid.currency().equals(row.currency())) {
        otherCurrency++;
        continue;
      }
      days.add(
          new LabourInput.LabellerDay(
              row.labellerId(),
              row.day(),
              row.tasks(),
              row.activeMillis(),
              row.pieceCents(),
              row.topUpCents(),
              row.settled()));
    }
    String source =
        "pay ledger of the labelling service, "
            + (days.isEmpty()
                ? "no labeller-days up to " + today
                : days.size() + " labeller-days from " + firstDay(days) + " to " + lastDay(days))
            + " ("
            + ledger.zone().getId()
            + ")"
            + (otherCurrency == 0
                ? ""
                : "; "
                    + otherCurrency
                    + " labeller-days paid in another currency than "
                    + paid.currency()
                    + " left out");
    List<LabourInput.LabellerGold> gold =
        accounts.labellers().stream()
            .map(
                l -> new LabourInput.LabellerGold(l.labellerId(), l.goldAnswers(), l.goldCorrect()))
            .toList();
    return new LabourInput(
        source + "; gold records of " + gold.size() + " labellers",
        paid.currency(),
        paid.minimumHourlyCents(),
        days,
        gold);
  }

  private static String firstDay(List<LabourInput.LabellerDay> days) {
    return days.stream().map(LabourInput.LabellerDay::day).min(String::compareTo).orElseThrow();
  }

  private static String lastDay(List<LabourInput.LabellerDay> days) {
    return days.stream().map(LabourInput.LabellerDay::day).max(String::compareTo).orElseThrow();
  }

  /** A value worked out from one read of the bucket, and when. */
  private record Timed<T>(Instant readAt, T value) {}

  private boolean expired(Instant readAt, Instant now) {
    return !now.isBefore(readAt.plus(ttl));
  }
}
