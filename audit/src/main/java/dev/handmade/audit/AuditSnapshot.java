package dev.handmade.audit;

import dev.handmade.audit.log.AuditLog;
import dev.handmade.audit.log.AuditLogContents;
import dev.handmade.audit.provenance.FrameProvenance;
import dev.handmade.audit.provenance.ProvenanceIndex;
import dev.handmade.audit.report.AuditReport;
import dev.handmade.audit.report.AuditReportBuilder;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.schema.ModelVersion;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.registry.ModelRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What an auditor works from, read once: the audit log (checked against its hash chain), the
 * model registry's versions and the pay ledger. The report and provenance lookups are computed
 * from it; read a new snapshot to see newer data.
 */
public final class AuditSnapshot {

  private final AuditLogContents log;
  private final List<ModelVersion> versions;
  private final LabourInput labour;
  private final Clock clock;

  private AuditSnapshot(
      AuditLogContents log, List<ModelVersion> versions, LabourInput labour, Clock clock) {
    this.log = log;
    this.versions = List.copyOf(versions);
    this.labour = labour;
    this.clock = clock;
  }

  /** Reads the audit log under {@code audit/} and every published model version in the store. */
  public static AuditSnapshot read(ObjectStore store, LabourInput labour) {
    return read(store, labour, Clock.systemUTC());
  }

  public static AuditSnapshot read(ObjectStore store, LabourInput labour, Clock clock) {
    return of(AuditLog.read(store), new ModelRegistry(store).list(), labour, clock);
  }

  /** From parts already read. */
  public static AuditSnapshot of(
      AuditLogContents log, List<ModelVersion> versions, LabourInput labour, Clock clock) {
    return new AuditSnapshot(log, versions, labour, clock);
  }

  public AuditLogContents log() {
    return log;
  }

  public List<ModelVersion> versions() {
    return versions;
  }

  public AuditReport report(Pseudonyms pseudonyms) {
    return new AuditReportBuilder(pseudonyms).build(log, versions, labour, clock.instant());
  }

  /** Empty when the audit log holds nothing about the frame. */
  public Optional<FrameProvenance> provenance(String frameId, Pseudonyms pseudonyms) {
    return ProvenanceIndex.of(log.events(), versions, pseudonyms).lookup(frameId);
  }
}
