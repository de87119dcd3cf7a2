package dev.handmade.audit.log;

import dev.handmade.audit.chain.ChainVerifier;
import dev.handmade.audit.chain.ChainVerifier.ChainedFile;
import dev.handmade.audit.chain.HashChain;
import dev.handmade.schema.AuditEvent;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.avro.AvroObjectReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log in object storage: Avro files of {@link AuditEvent} under {@code audit/},
 * hash-chained (see {@link HashChain}). Reads it whole, checking the chain on the way.
 */
public final class AuditLog {

  /** The folder the pipeline writes the audit log under. */
  public static final String PREFIX = "audit";

  private AuditLog() {}

  public static AuditLogContents read(ObjectStore store) {
    return read(store, PREFIX);
  }

  /** Every committed file under {@code prefix}, checked and put in chain order. */
  public static AuditLogContents read(ObjectStore store, String prefix) {
    return contents(store, prefix, readFiles(store, prefix));
  }

  /**
   * The committed files under {@code prefix} in chain order, with what checking them found: for
   * readers that must name the file a head is in, from the same read as the events.
   */
  public static ChainVerifier.Result readFiles(ObjectStore store, String prefix) {
    List<ChainedFile> files = new ArrayList<>();
    for (String key : committedKeys(store, prefix)) {
      files.add(ChainedFile.read(key, store.getBytes(key)));
    }
    return ChainVerifier.verify(files);
  }

  /** The events of files read by {@link #readFiles}. */
  public static AuditLogContents contents(
      ObjectStore store, String prefix, ChainVerifier.Result checked) {
    List<AuditEvent> events = new ArrayList<>();
    for (ChainedFile file : checked.chainOrder()) {
      events.addAll(file.events());
    }
    return new AuditLogContents(location(store, prefix), events, checked.verification());
  }

  /** Where the log under {@code prefix} is, as reports and checkpoints name it. */
  public static String location(ObjectStore store, String prefix) {
    return "s3://" + store.bucket() + "/" + prefix + "/";
  }

  private static List<String> committedKeys(ObjectStore store, String prefix) {
    return AvroObjectReader.committedKeys(store, prefix);
  }
}
