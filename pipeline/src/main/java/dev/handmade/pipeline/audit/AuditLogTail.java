package dev.handmade.pipeline.audit;

import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.AuditEventKind;
import dev.handmade.schema.Decision;
import dev.handmade.schema.HumanLabel;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.avro.AvroObjectReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The committed audit log, read incrementally: each call reads only the files committed since
 * the previous one, so watching a growing log (a progress display, a benchmark, a test) costs
 * little. Not thread-safe beyond its own synchronisation of reads.
 */
public final class AuditLogTail {

  private final AvroObjectReader<AuditEvent> reader;
  private final Set<String> read = new HashSet<>();
  private final List<AuditEvent> events = new ArrayList<>();

  public AuditLogTail(ObjectStore store) {
    this.reader = AvroObjectReader.of(store, AuditEvent.class);
  }

  /** Every committed event so far, files in key order. */
  public synchronized List<AuditEvent> events() {
    for (String key : reader.committedKeys(AuditLogSink.PREFIX)) {
      if (read.add(key)) {
        reader.read(key, events::add);
      }
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
