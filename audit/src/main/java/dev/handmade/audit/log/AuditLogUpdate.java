package dev.handmade.audit.log;

import dev.handmade.audit.chain.ChainHeader;
import dev.handmade.audit.chain.ChainVerification;
import dev.handmade.audit.chain.ChainVerifier;
import dev.handmade.audit.chain.ChainVerifier.ChainedFile;
import dev.handmade.audit.log.AuditCheckpoint.ReadFile;
import dev.handmade.audit.report.ReportAggregate;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.avro.AvroObjectReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log read from a checkpoint on: the files committed since are read once each, one at
 * a time, checked to continue the chain from the checkpoint's head, and counted into the report's
 * aggregate, so the memory it takes is one file and the counts, whatever the log's length. The
 * files already read are not read again: each must still be listed with the size and entity tag
 * it had, which an altered, truncated or removed file does not keep. A full {@link AuditLog#read}
 * (a {@code verify} without a checkpoint) is what rechecks their records.
 *
 * @param checkpoint the checkpoint after this read; the one it started from is left as it was
 * @param verification the chain check of the whole log: the files already read, as listed now,
 *     and the new ones, record by record
 * @param newFiles the files read this time
 * @param newRecords the events in them
 */
public record AuditLogUpdate(
    AuditCheckpoint checkpoint, ChainVerification verification, long newFiles, long newRecords) {

  /** Reads what was committed under {@link AuditLog#PREFIX} since {@code from}. */
  public static AuditLogUpdate read(ObjectStore store, AuditCheckpoint from) {
    return read(store, AuditLog.PREFIX, from);
  }

  public static AuditLogUpdate read(ObjectStore store, String prefix, AuditCheckpoint from) {
    Map<String, ObjectStore.Listed> listed = new HashMap<>();
    for (ObjectStore.Listed object : AvroObjectReader.committedObjects(store, prefix)) {
      listed.put(object.key(), object);
    }
    List<String> problems = new ArrayList<>();
    for (ReadFile file : from.files()) {
      ObjectStore.Listed now = listed.remove(file.key());
      if (now == null) {
        problems.add(
            file.key()
                + " (chain position "
                + file.position()
                + ", read at the"
                + " checkpoint) was removed");
      } else if (now.size() != file.size() || !now.etag().equals(file.etag())) {
        problems.add(
            file.key()
                + " (chain position "
                + file.position()
                + ") was altered since"
                + " the checkpoint read it: "
                + file.size()
                + " bytes, entity tag "
                + file.etag()
                + " then; "
                + now.size()
                + " bytes, entity tag "
                + now.etag()
                + " now");
      }
    }

    List<Unread> unread = new ArrayList<>();
    listed
        .values()
        .forEach(object -> unread.add(new Unread(object, ChainHeader.read(store, object.key()))));
    unread.sort(
        Comparator.comparing((Unread u) -> u.header() == null)
            .thenComparingLong(u -> u.header() == null ? 0 : u.header().position())
            .thenComparing(u -> u.object().key()));

    ChainVerifier.Walk walk = new ChainVerifier.Walk(from.head());
    ReportAggregate aggregate = from.aggregateCopy();
    List<ReadFile> files = new ArrayList<>(from.files());
    for (Unread next : unread) {
      ObjectStore.Listed object = next.object();
      ChainedFile file = ChainedFile.read(object.key(), store.getBytes(object.key()));
      walk.accept(file);
      file.events().forEach(aggregate::add);
      files.add(
          new ReadFile(
              object.key(),
              file.header() == null ? -1 : file.header().position(),
              file.records().size(),
              walk.link().lastHash(),
              object.size(),
              object.etag()));
    }
    ChainVerification news = walk.verification();
    problems.addAll(news.problems());
    long records = from.records() + news.records();
    ChainVerification whole =
        new ChainVerification(from.files().size() + news.files(), records, news.head(), problems);
    return new AuditLogUpdate(
        new AuditCheckpoint(from.log(), files, walk.link(), records, aggregate),
        whole,
        news.files(),
        news.records());
  }

  /** An unread file as listed, with its chain header (null for a file outside the chain). */
  private record Unread(ObjectStore.Listed object, ChainHeader header) {}

  /** The events counted, for a report: the events themselves are not kept. */
  public ReportAggregate aggregate() {
    return checkpoint.aggregate();
  }

  /** Whether the whole log, old files and new, checked out. */
  public boolean intact() {
    return verification.intact();
  }
}
