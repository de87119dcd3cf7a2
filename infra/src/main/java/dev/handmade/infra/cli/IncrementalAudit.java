package dev.handmade.infra.cli;

import dev.handmade.audit.log.AuditCheckpoint;
import dev.handmade.audit.log.AuditLog;
import dev.handmade.audit.log.AuditLogUpdate;
import dev.handmade.audit.report.AuditReport;
import dev.handmade.audit.report.AuditReportBuilder;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.registry.ModelRegistry;
import java.nio.file.Path;
import java.time.Instant;

/** {@code report --state} and {@code verify --state}: the audit log read from a checkpoint kept in a file. */
final class IncrementalAudit {

  private IncrementalAudit() {}

  /**
   * Reads the audit files committed since the checkpoint in {@code state} (all of them when the file does not
   * exist yet) and, when the whole chain checks out, saves the checkpoint after them; a broken chain leaves the
   * file as it was, so the next run reads the same files and names the same break.
   */
  static AuditLogUpdate update(ObjectStore store, Path state) {
    AuditCheckpoint from =
        AuditCheckpoint.loadOrEmpty(state, AuditLog.location(store, AuditLog.PREFIX));
    AuditLogUpdate update = AuditLogUpdate.read(store, from);
    if (update.intact()) {
      update.checkpoint().save(state);
    }
    System.out.printf(
        "read %d new audit files (%d events) after %d files in the checkpoint %s; %s%n",
        update.newFiles(),
        update.newRecords(),
        from.files().size(),
        state,
        update.intact() ? "checkpoint saved" : "checkpoint left as it was, the chain is broken");
    return update;
  }

  static AuditReport report(
      ObjectStore store, Path state, Pseudonyms pseudonyms, LabourInput labour) {
    AuditLogUpdate update = update(store, state);
    return new AuditReportBuilder(pseudonyms)
        .build(
            update.aggregate(),
            update.checkpoint().log(),
            update.verification(),
            new ModelRegistry(store).list(),
            labour,
            Instant.now());
  }
}
