package dev.handmade.labelling.core;

import dev.handmade.audit.AuditSnapshot;
import dev.handmade.audit.provenance.FrameProvenance;
import dev.handmade.audit.provenance.ProvenanceIndex;
import dev.handmade.audit.report.AuditReport;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.labelling.api.PayDaysView;
import dev.handmade.storage.ObjectStore;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The auditor's view of current data: the audit report and frame provenance, computed from the
 * audit log and the model registry in the object store and from this service's own pay ledger.
 * Labellers appear only under pseudonyms.
 */
public final class LiveAudit {

    /**
     * How long one read of the bucket and the ledger serves. The audit log is read whole, so a
     * refresh storm on the auditor's page, or a report followed by frame lookups, must not read
     * it once a request; a few seconds old is live enough for an auditor.
     */
    public static final Duration SNAPSHOT_TTL = Duration.ofSeconds(5);

    private final ObjectStore store;
    private final Ledger ledger;
    private final Accounts accounts;
    private final Pseudonyms pseudonyms;
    private final Duration ttl;
    private Snapshot current;

    public LiveAudit(ObjectStore store, Ledger ledger, Accounts accounts, Pseudonyms pseudonyms, Duration ttl) {
        this.store = store;
        this.ledger = ledger;
        this.accounts = accounts;
        this.pseudonyms = pseudonyms;
        this.ttl = ttl;
    }

    /** Where the audit log is read, for messages: {@code s3://bucket/audit/ at http://host:port}. */
    public String location() {
        return "s3://" + store.bucket() + "/audit/ at " + store.endpoint();
    }

    public AuditReport report() {
        return current().report();
    }

    /** Empty when the audit log knows nothing of the frame. */
    public Optional<FrameProvenance> provenance(String frameId) {
        if (frameId == null || !TaskIntake.ID.matcher(frameId).matches()) {
            throw Rejection.badInput("frameId",
                    "1 to 200 of letters, digits, . _ : / - (starting with a letter or digit)");
        }
        return current().provenance(frameId);
    }

    /**
     * The snapshot read at most {@link #ttl} ago, or a new one. Requests that arrive while the
     * bucket is being read wait for that read and share it.
     */
    private synchronized Snapshot current() {
        Instant now = ledger.clock().instant();
        if (current == null || !now.isBefore(current.readAt.plus(ttl))) {
            current = new Snapshot(now, AuditSnapshot.read(store, labour(), ledger.clock()));
        }
        return current;
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
            days.add(new LabourInput.LabellerDay(row.labellerId(), row.day(), row.tasks(), row.activeMillis(),
                    row.pieceCents(), row.topUpCents(), row.settled()));
        }
        String source = "pay ledger of the labelling service, "
                + (days.isEmpty() ? "no labeller-days up to " + today
                : days.size() + " labeller-days from " + firstDay(days) + " to " + lastDay(days))
                + " (" + ledger.zone().getId() + ")"
                + (otherCurrency == 0 ? "" : "; " + otherCurrency + " labeller-days paid in another currency than "
                + paid.currency() + " left out");
        List<LabourInput.LabellerGold> gold = accounts.labellers().stream()
                .map(l -> new LabourInput.LabellerGold(l.labellerId(), l.goldAnswers(), l.goldCorrect()))
                .toList();
        return new LabourInput(source + "; gold records of " + gold.size() + " labellers", paid.currency(),
                paid.minimumHourlyCents(), days, gold);
    }

    private static String firstDay(List<LabourInput.LabellerDay> days) {
        return days.stream().map(LabourInput.LabellerDay::day).min(String::compareTo).orElseThrow();
    }

    private static String lastDay(List<LabourInput.LabellerDay> days) {
        return days.stream().map(LabourInput.LabellerDay::day).max(String::compareTo).orElseThrow();
    }

    /** One read of the bucket, with the report and the frame index worked out from it when first asked for. */
    private final class Snapshot {
        private final Instant readAt;
        private final AuditSnapshot data;
        private AuditReport report;
        private ProvenanceIndex frames;

        Snapshot(Instant readAt, AuditSnapshot data) {
            this.readAt = readAt;
            this.data = data;
        }

        synchronized AuditReport report() {
            if (report == null) {
                report = data.report(pseudonyms);
            }
            return report;
        }

        synchronized Optional<FrameProvenance> provenance(String frameId) {
            if (frames == null) {
                frames = ProvenanceIndex.of(data.log().events(), data.versions(), pseudonyms);
            }
            return frames.lookup(frameId);
        }
    }
}
