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
  private final List<Decision> decisions = new ArrayList<>();
  private final List<HumanLabel> labels = new ArrayList<>();
  private final List<String> unreadable = new ArrayList<>();

  public GrowingAuditLog(ObjectStore store) {
    this.tail = AuditLogTail.fromStart(store);
  }

  /** Every committed event so far, files in key order. */
  public synchronized List<AuditEvent> events() {
    readNewFiles();
    return List.copyOf(events);
  }

  /** The decisions among {@link #events()}, in the same order. */
  public synchronized List<Decision> decisions() {
    readNewFiles();
    return List.copyOf(decisions);
  }

  /** The human labels among {@link #events()}, in the same order. */
  public synchronized List<HumanLabel> labels() {
    readNewFiles();
    return List.copyOf(labels);
  }

  private void readNewFiles() {
    AuditLogTail.Batch batch = tail.next();
    for (AuditEvent e : batch.events()) {
      events.add(e);
      if (e.getKind() == AuditEventKind.DECISION) {
        decisions.add(e.getDecision());
      } else if (e.getKind() == AuditEventKind.HUMAN_LABEL) {
        labels.add(e.getLabel());
      }
    }
    unreadable.addAll(batch.unreadable());
    if (!unreadable.isEmpty()) {
      throw new IllegalStateException("the audit log has unreadable files: " + unreadable);
    }
  }
}
