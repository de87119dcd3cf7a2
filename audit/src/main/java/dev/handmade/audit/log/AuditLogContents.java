package dev.handmade.audit.log;

import dev.handmade.audit.chain.ChainVerification;
import dev.handmade.schema.AuditEvent;
import java.util.List;

/**
 * The committed audit log as read: its events in chain order (files by chain position, records in
 * file order; files outside the chain last, by key), and what checking the chain found.
 *
 * @param location where it was read, e.g. {@code s3://handmade/audit/}
 */
public record AuditLogContents(
    String location, List<AuditEvent> events, ChainVerification verification) {

  public AuditLogContents {
    events = List.copyOf(events);
  }
}
