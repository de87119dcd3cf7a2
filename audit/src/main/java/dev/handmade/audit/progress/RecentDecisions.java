package dev.handmade.audit.progress;

import dev.handmade.audit.log.AuditLogTail;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.Decision;
import dev.handmade.schema.DecisionMaker;
import dev.handmade.storage.ObjectStore;
import java.util.List;

/**
 * Who made the decisions committed to the audit log since the last look: the machine's share of
 * real, final decisions, read incrementally (only files committed since then), for a progress
 * line. Every decision is counted once, in the look that first sees its file; the audit log
 * commits on checkpoints, so a decision shows up one checkpoint after it was made.
 */
public final class RecentDecisions {

  /**
   * Decisions by who made them.
   *
   * @param files audit files committed since the last look
   * @param unreadable those of them that could not be read, with the reason
   */
  public record Count(long machine, long people, int files, List<String> unreadable) {

    public Count {
      unreadable = List.copyOf(unreadable);
    }

    public long total() {
      return machine + people;
    }

    /** Zero when there were no decisions. */
    public double machineShare() {
      return total() == 0 ? 0 : (double) machine / total();
    }
  }

  private final AuditLogTail tail;

  RecentDecisions(AuditLogTail tail) {
    this.tail = tail;
  }

  /** Counts from now on: decisions already in the log (a resumed run's) are not counted. */
  public static RecentDecisions fromNow(ObjectStore store) {
    return new RecentDecisions(AuditLogTail.fromNow(store));
  }

  /** The decisions in the files committed since the last call (or since this was made). */
  public Count next() {
    AuditLogTail.Batch batch = tail.next();
    return count(batch.events(), batch.files().size(), batch.unreadable());
  }

  /** Counts the {@link Decision} events by {@code madeBy}; labels and other events are left out. */
  static Count count(List<AuditEvent> events, int files, List<String> unreadable) {
    long machine = 0;
    long people = 0;
    for (AuditEvent event : events) {
      Decision d = event.getDecision();
      if (d == null) {
        continue;
      }
      if (d.getMadeBy() == DecisionMaker.MACHINE) {
        machine++;
      } else {
        people++;
      }
    }
    return new Count(machine, people, files, unreadable);
  }
}
