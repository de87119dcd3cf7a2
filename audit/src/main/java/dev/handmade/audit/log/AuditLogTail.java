package dev.handmade.audit.log;

import dev.handmade.audit.chain.ChainVerifier.ChainedFile;
import dev.handmade.schema.AuditEvent;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.avro.AvroObjectReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The audit log read as it grows: each {@link #next()} returns the events of the files committed
 * since the one before, each file read once, the way {@link AuditLog} reads them. The chain is not
 * checked here: files of one look may come out of chain order, and {@code verify} checks the whole
 * log. Not thread-safe; one reader polls it.
 */
public final class AuditLogTail {

  /**
   * What one look found.
   *
   * @param files the files read, in key order
   * @param events their events, file by file
   * @param unreadable files that could not be read, each with the reason; they are not retried
   */
  public record Batch(List<String> files, List<AuditEvent> events, List<String> unreadable) {

    public Batch {
      files = List.copyOf(files);
      events = List.copyOf(events);
      unreadable = List.copyOf(unreadable);
    }
  }

  private final ObjectStore store;
  private final String prefix;

  /** Keys already read or skipped; committed files are never rewritten, so a key is read once. */
  private final Set<String> seen = new HashSet<>();

  private AuditLogTail(ObjectStore store, String prefix) {
    this.store = store;
    this.prefix = prefix;
  }

  /** A tail whose first look returns the whole log. */
  public static AuditLogTail fromStart(ObjectStore store) {
    return new AuditLogTail(store, AuditLog.PREFIX);
  }

  /** A tail that skips, unread, the files committed before now. */
  public static AuditLogTail fromNow(ObjectStore store) {
    AuditLogTail tail = fromStart(store);
    tail.seen.addAll(AvroObjectReader.committedKeys(store, tail.prefix));
    return tail;
  }

  /**
   * The files committed since the last look; one listing, and a read of each new file. When the
   * store fails part way, nothing is taken as read: the next look reads those files again.
   */
  public Batch next() {
    List<String> files = new ArrayList<>();
    List<AuditEvent> events = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (String key : AvroObjectReader.committedKeys(store, prefix)) {
      if (seen.contains(key)) {
        continue;
      }
      ChainedFile file = ChainedFile.read(key, store.getBytes(key));
      files.add(key);
      if (file.readError() != null) {
        unreadable.add(key + ": " + file.readError());
      } else {
        events.addAll(file.events());
      }
    }
    seen.addAll(files);
    return new Batch(files, events, unreadable);
  }
}
