package dev.handmade.audit.statement;

import dev.handmade.audit.chain.ChainHeader;
import dev.handmade.audit.chain.ChainVerifier;
import dev.handmade.audit.log.AuditLog;
import dev.handmade.audit.log.AuditLogContents;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.audit.statement.LabourStatement.AuditHead;
import dev.handmade.audit.statement.LabourStatement.LabellerDay;
import dev.handmade.audit.statement.LabourStatement.Ledger;
import dev.handmade.audit.statement.LabourStatementBuilder.IncompleteLogException;
import dev.handmade.schema.ModelVersion;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.registry.ModelRegistry;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the registry and writes each version's labour statement: once when the version is
 * published, and once more after a newer version supersedes it, so that its decisions while it
 * was in charge are counted. Each statement is computed from the whole committed audit log at
 * one head and the pay ledger as read then; a version whose labels are not yet committed to the
 * log waits for the next look. Not thread-safe: one thread calls {@link #publishDue()}.
 */
public final class LabourStatementPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(LabourStatementPublisher.class);

  private final ObjectStore store;
  private final ModelRegistry registry;
  private final Supplier<LabourInput> ledger;
  private final ZoneId payZone;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** Versions whose statement was written after they were superseded: nothing more to state. */
  private final Set<String> done = new HashSet<>();

  /**
   * @param ledger the pay ledger with labellers under their ids (not pseudonyms), as the
   *     labelling service keeps it: the statement pseudonymises them with its own salt
   * @param payZone the ledger's pay time zone, which decides an answer's labeller-day
   */
  public LabourStatementPublisher(
      ObjectStore store, Supplier<LabourInput> ledger, ZoneId payZone, Clock clock) {
    this.store = store;
    this.registry = new ModelRegistry(store);
    this.ledger = ledger;
    this.payZone = payZone;
    this.clock = clock;
  }

  /** Writes the statements that are due; returns the versions stated. */
  public List<String> publishDue() {
    List<String> names = registry.versions();
    List<String> due = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String version = names.get(i);
      if (done.contains(version)) {
        continue;
      }
      boolean newest = i == names.size() - 1;
      Optional<LabourStatement> stated;
      try {
        stated = LabourStatements.read(store, version);
      } catch (UncheckedIOException e) {
        // left as found for verify to report: rewriting it would hide what was done to it
        LOG.warn("the labour statement of {} is not rewritten: {}", version, e.getMessage());
        done.add(version);
        continue;
      }
      if (stated.isPresent() && stated.get().supersededBy() != null) {
        done.add(version);
      } else if (stated.isEmpty() || !newest) {
        due.add(version);
      }
    }
    if (due.isEmpty()) {
      return List.of();
    }
    ChainVerifier.Result files = AuditLog.readFiles(store, AuditLog.PREFIX);
    AuditLogContents log = AuditLog.contents(store, AuditLog.PREFIX, files);
    if (!log.verification().intact() || files.chainOrder().isEmpty()) {
      LOG.warn(
          "labour statements of {} wait: {}",
          due,
          files.chainOrder().isEmpty()
              ? "the audit log is empty"
              : "the audit log's chain is broken (" + log.verification().problems().get(0) + ")");
      return List.of();
    }
    ChainHeader last = files.chainOrder().get(files.chainOrder().size() - 1).header();
    AuditHead auditHead =
        new AuditHead(last.key(), last.position(), log.verification().head(), log.events().size());
    Map<String, ModelVersion> versions = new LinkedHashMap<>();
    registry.list().forEach(v -> versions.put(v.getVersion(), v));
    LabourInput paid = ledger.get();
    List<String> written = new ArrayList<>();
    for (String version : due) {
      String salt = HexFormat.of().formatHex(salt());
      Ledger terms =
          new Ledger(
              paid.source(),
              paid.currency(),
              paid.floorHourlyCents(),
              payZone.getId(),
              LabourStatementBuilder.TOP_UP_RULE,
              salt);
      String successor =
          names.indexOf(version) == names.size() - 1 ? null : names.get(names.indexOf(version) + 1);
      try {
        LabourStatement statement =
            LabourStatementBuilder.build(
                version,
                log.events(),
                auditHead,
                versions,
                terms,
                ledgerDays(paid, Pseudonyms.withKey(salt)),
                clock.instant(),
                successor);
        LabourStatements.write(store, statement);
        written.add(version);
        if (successor != null) {
          done.add(version);
        }
      } catch (IncompleteLogException e) {
        LOG.info("the labour statement of {} waits: {}", version, e.getMessage());
      }
    }
    return written;
  }

  private byte[] salt() {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return salt;
  }

  private static Map<String, LabellerDay> ledgerDays(LabourInput paid, Pseudonyms pseudonyms) {
    Map<String, LabellerDay> days = new HashMap<>();
    for (LabourInput.LabellerDay d : paid.days()) {
      String labeller = pseudonyms.of(d.labellerId());
      days.put(
          LabourStatementBuilder.dayKey(labeller, d.day()),
          new LabellerDay(labeller, d.day(), d.tasks(), d.topUpCents(), d.settled(), Map.of()));
    }
    return days;
  }
}
