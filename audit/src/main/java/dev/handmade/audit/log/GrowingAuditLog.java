package dev.handmade.audit.log;

import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.AuditEventKind;
import dev.handmade.schema.Decision;
import dev.handmade.schema.HumanLabel;
import dev.handmade.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything committed to the audit log so far, for whoever watches a running job (a benchmark, a
 * test): each call reads, through an {@link AuditLogTail}, only the files committed since the one
 * before. A file that cannot be read is an error on every later call, not a gap.
 */
public final class GrowingAuditLog {

  private final AuditLogTail tail;
  private final List<AuditEvent> events = new ArrayList<>();
  private final List<String> unreadable = new ArrayList<>();

  public GrowingAuditLog(ObjectStore store) {
    this.tail = AuditLogTail.fromStart(store);
  }

  /** Every committed event so far, files in key order. */
  public synchronized List<AuditEvent> events() {
    AuditLogTail.Batch batch = tail.next();
    events.addAll(batch.events());
    unreadable.addAll(batch.unreadable());
    if (!unreadable.isEmpty()) {
      throw new IllegalStateException("the audit log has unreadable files: " + unreadable);
    }
    return List.copyOf(events);
  }

  public List<Decision> decisions() {
    return events().stream()
        .filter(e -> e.getKind() == AuditEventKind.DECISION)
        .map(AuditEvent::getDecision)
        .toList();
  }

  public List<HumanLabel> labels() {
    return events().stream()
        .filter(e -> e.getKind() == AuditEventKind.HUMAN_LABEL)
        .map(AuditEvent::getLabel)
        .toList();
  }
}
