package dev.handmade.audit.chain;

import dev.handmade.schema.AuditEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Checks the audit log's files against their hash chain and puts them in chain order, naming
 * every file or record that was removed, inserted, reordered, altered, swapped or renamed.
 */
public final class ChainVerifier {

  private ChainVerifier() {}

  /** The files in chain order, and what the check found. */
  public record Result(List<ChainedFile> chainOrder, ChainVerification verification) {}

  /**
   * One audit file as read. {@code header} is null for a file outside the chain, and {@code
   * readError} says why a file could not be read at all (it then holds no records).
   */
  public record ChainedFile(
      String key,
      ChainHeader header,
      Schema writerSchema,
      List<GenericRecord> records,
      List<AuditEvent> events,
      String readError) {

    /** Reads a file's header and records, as written and as current {@link AuditEvent}s. */
    public static ChainedFile read(String key, byte[] bytes) {
      try (DataFileStream<GenericRecord> file =
          new DataFileStream<>(new ByteArrayInputStream(bytes), new GenericDatumReader<>())) {
        Schema writerSchema = file.getSchema();
        ChainHeader header = ChainHeader.of(file);
        List<GenericRecord> records = new ArrayList<>();
        while (file.hasNext()) {
          records.add(file.next());
        }
        List<AuditEvent> events = new ArrayList<>(records.size());
        DatumReader<AuditEvent> toEvent =
            new SpecificDatumReader<>(writerSchema, AuditEvent.getClassSchema());
        for (GenericRecord record : records) {
          byte[] encoded = HashChain.encodeForHash(record, writerSchema);
          AuditEvent event = toEvent.read(null, DecoderFactory.get().binaryDecoder(encoded, null));
          Object hash = record.get(HashChain.RECORD_FIELD);
          event.setChainHash(hash == null ? null : hash.toString());
          events.add(event);
        }
        return new ChainedFile(key, header, writerSchema, records, events, null);
      } catch (IOException | AvroRuntimeException e) {
        return new ChainedFile(
            key,
            null,
            null,
            List.of(),
            List.of(),
            e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }

    String eventId(int index) {
      return events.get(index).getEventId();
    }
  }

  /** Checks {@code files}, which may come in any order. */
  public static Result verify(List<ChainedFile> files) {
    List<ChainedFile> chained = new ArrayList<>();
    List<ChainedFile> outside = new ArrayList<>();
    for (ChainedFile file : files) {
      (file.header() != null ? chained : outside).add(file);
    }
    chained.sort(IN_CHAIN_ORDER);
    outside.sort(Comparator.comparing(ChainedFile::key));
    Walk walk = new Walk(HashChain.Link.start());
    chained.forEach(walk::accept);
    outside.forEach(walk::accept);
    List<ChainedFile> order = new ArrayList<>(chained);
    order.addAll(outside);
    return new Result(order, walk.verification());
  }

  /** By chain position, then key; for files that have a header. */
  public static final Comparator<ChainedFile> IN_CHAIN_ORDER =
      Comparator.comparingLong((ChainedFile f) -> f.header().position())
          .thenComparing(ChainedFile::key);

  /**
   * The check one file at a time, from a known point of the chain: so a log read file by file,
   * or only its files after a checkpoint, needs one file in memory. Give it the files with a
   * header in chain order, then those without.
   */
  public static final class Walk {

    private final List<String> problems = new ArrayList<>();
    private long files;
    private long records;
    private long expectedPosition;
    private String previousEnd;

    /** The file before the next one: its key as stored and as its header names it; null at the start. */
    private String previousStoredKey;

    private String previousKey;
    private long previousPosition;

    /** A walk whose first file must follow {@code from}. */
    public Walk(HashChain.Link from) {
      expectedPosition = from.nextPosition();
      previousEnd = from.lastHash();
      if (from.nextPosition() > 0) {
        previousStoredKey = from.lastKey();
        previousKey = from.lastKey();
        previousPosition = from.nextPosition() - 1;
      }
    }

    public void accept(ChainedFile file) {
      files++;
      records += file.records().size();
      ChainHeader h = file.header();
      if (h == null) {
        problems.add(
            file.readError() != null
                ? file.key() + " cannot be read as Avro: " + file.readError()
                : file.key()
                    + " has no chain header: written before the audit log was chained, or"
                    + " not by the pipeline");
        return;
      }
      if (!file.key().equals(h.key())) {
        problems.add(
            file.key()
                + " holds the file written as "
                + h.key()
                + " (chain position "
                + h.position()
                + "): files were swapped or renamed");
      }
      if (previousKey != null && h.position() == previousPosition) {
        problems.add(
            "chain position "
                + h.position()
                + " is held by both "
                + previousStoredKey
                + " and "
                + file.key()
                + ": a file was copied, or the log was forked by a job"
                + " restored from an older checkpoint");
        return;
      }
      if (h.position() > expectedPosition) {
        long missing = h.position() - expectedPosition;
        problems.add(
            missing == 1
                ? "the file at chain position "
                    + expectedPosition
                    + ", written as "
                    + h.previousKey()
                    + ", was removed ("
                    + file.key()
                    + " names it as the file before it)"
                : missing
                    + " files at chain positions "
                    + expectedPosition
                    + " to "
                    + (h.position() - 1)
                    + " were removed; the last of them was written as "
                    + h.previousKey());
      } else if (previousKey != null && !h.previousKey().equals(previousKey)) {
        problems.add(
            file.key()
                + " names "
                + h.previousKey()
                + " as the file before it, but"
                + " chain position "
                + (h.position() - 1)
                + " holds "
                + previousKey);
      } else if (!h.previousHash().equals(previousEnd)) {
        problems.add(
            file.key()
                + " does not follow "
                + (previousKey == null ? "the start of the chain" : previousStoredKey)
                + ": its header links to hash "
                + h.previousHash()
                + ", which ends "
                + (previousKey == null ? "no file" : "no file before it (" + previousEnd + ")"));
      }
      String problem = checkRecords(file);
      if (problem != null) {
        problems.add(problem);
      }
      previousEnd = lastHash(file);
      expectedPosition = h.position() + 1;
      previousStoredKey = file.key();
      previousKey = h.key();
      previousPosition = h.position();
    }

    /** Where the next file must link to: after the last file accepted. */
    public HashChain.Link link() {
      return previousKey == null
          ? HashChain.Link.start()
          : new HashChain.Link(expectedPosition, previousKey, previousEnd);
    }

    /** What the walk found, over the files it was given. */
    public ChainVerification verification() {
      return new ChainVerification(files, records, previousEnd, problems);
    }
  }

  /** The first record of {@code file} that does not fit the chain, or null. */
  private static String checkRecords(ChainedFile file) {
    ChainHeader h = file.header();
    String hash = h.previousHash();
    List<GenericRecord> records = file.records();
    for (int i = 0; i < records.size(); i++) {
      GenericRecord record = records.get(i);
      Object stored = record.get(HashChain.RECORD_FIELD);
      String expected =
          HashChain.recordHash(hash, HashChain.encodeForHash(record, file.writerSchema()));
      if (stored == null || !expected.equals(stored.toString())) {
        String where = "record " + i + " of " + file.key() + " (event " + file.eventId(i) + ")";
        String after = i == 0 ? "at its start" : "after event " + file.eventId(i - 1);
        if (records.size() < h.records()) {
          return (h.records() - records.size())
              + " record(s) were removed from "
              + file.key()
              + " "
              + after
              + ", before event "
              + file.eventId(i);
        }
        if (records.size() > h.records()) {
          return where
              + " was inserted: the header counts "
              + h.records()
              + " records, the file"
              + " holds "
              + records.size();
        }
        return where + " was altered or moved: it no longer matches its chain hash";
      }
      hash = expected;
    }
    if (records.size() < h.records()) {
      return "the last "
          + (h.records() - records.size())
          + " record(s) of "
          + file.key()
          + " were removed"
          + (records.isEmpty() ? "" : ", after event " + file.eventId(records.size() - 1));
    }
    if (!hash.equals(h.hash()) || records.size() != h.records()) {
      return "the header of "
          + file.key()
          + " was altered: its records end at hash "
          + hash
          + " but the header says "
          + h.hash();
    }
    return null;
  }

  private static String lastHash(ChainedFile file) {
    List<GenericRecord> records = file.records();
    if (records.isEmpty()) {
      return file.header().previousHash();
    }
    Object last = records.get(records.size() - 1).get(HashChain.RECORD_FIELD);
    return last == null ? file.header().hash() : last.toString();
  }
}
