package dev.handmade.audit.report;

import dev.handmade.audit.log.AuditLogContents;
import dev.handmade.schema.ModelVersion;
import java.time.Instant;
import java.util.List;

/** Computes an {@link AuditReport}. */
public final class AuditReportBuilder {

  private final Pseudonyms pseudonyms;

  public AuditReportBuilder(Pseudonyms pseudonyms) {
    this.pseudonyms = pseudonyms;
  }

  public AuditReport build(AuditLogContents log, List<ModelVersion> versions, LabourInput labour,
      Instant now) {
    throw new UnsupportedOperationException("being written");
  }
}
