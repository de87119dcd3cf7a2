package dev.handmade.pipeline.audit;

import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.AuditEventKind;
import dev.handmade.schema.Decision;
import dev.handmade.schema.HumanLabel;

/**
 * Audit-log lines. Event ids are derived from what they record, so a record replayed after a
 * failure has the same id as its first attempt and a reader can tell.
 */
public final class AuditEvents {

  private AuditEvents() {}

  public static AuditEvent of(Decision decision) {
    return AuditEvent.newBuilder()
        .setEventId("decision:" + decision.getFrameId())
        .setKind(AuditEventKind.DECISION)
        .setRecordedAt(decision.getDecidedAt())
        .setDecision(decision)
        .build();
  }

  public static AuditEvent of(HumanLabel label) {
    return AuditEvent.newBuilder()
        .setEventId("label:" + label.getSequence())
        .setKind(AuditEventKind.HUMAN_LABEL)
        .setRecordedAt(label.getVerifiedAt())
        .setLabel(label)
        .build();
  }
}
