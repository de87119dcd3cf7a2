package dev.handmade.audit.log;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.handmade.audit.chain.HashChain;
import dev.handmade.audit.report.ReportAggregate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;

/**
 * What an incremental reader of the audit log has read and checked (see {@link AuditLogUpdate}):
 * every file, with where it sits in the chain and how the listing showed it, the chain's head
 * after them, and the report's counts over their events. Saved as a JSON file that belongs to
 * the auditor, not to the bucket: whoever can rewrite the log must not be able to rewrite the
 * checkpoint it is checked against.
 *
 * @param log the log it was read from, e.g. {@code s3://handmade/audit/}
 * @param files the files read, in chain order
 * @param head where the next file must link to
 * @param records the events in {@code files}
 * @param aggregate the report's counts over those events; never changed once in a checkpoint
 */
public record AuditCheckpoint(
    String log,
    List<ReadFile> files,
    HashChain.Link head,
    long records,
    ReportAggregate aggregate) {

  /**
   * One file as read: its key, chain position and record count, the chain hash of its last
   * record, and its size and entity tag as listed, which a file altered since must change.
   */
  public record ReadFile(
      String key, long position, long records, String hash, long size, String etag) {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public AuditCheckpoint {
    Objects.requireNonNull(log, "log");
    files = List.copyOf(files);
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(aggregate, "aggregate");
  }

  /** Nothing read yet. */
  public static AuditCheckpoint empty(String log) {
    return new AuditCheckpoint(log, List.of(), HashChain.Link.start(), 0, new ReportAggregate());
  }

  /** The checkpoint saved in {@code file}, or an empty one for {@code log} when there is none yet. */
  public static AuditCheckpoint loadOrEmpty(Path file, String log) {
    if (!Files.exists(file)) {
      return empty(log);
    }
    AuditCheckpoint read;
    try {
      read = JSON.readValue(file.toFile(), AuditCheckpoint.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          file + " is not an audit checkpoint: " + e.getMessage(), e);
    }
    if (!read.log().equals(log)) {
      throw new IllegalArgumentException(
          file
              + " is the checkpoint of "
              + read.log()
              + ", not of "
              + log
              + ": give another --state file");
    }
    return read;
  }

  /** Writes it to {@code file}, replacing it in one step, so a crash leaves the old or the new. */
  public void save(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
      JSON.writeValue(temporary.toFile(), this);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not save the audit checkpoint to " + file, e);
    }
  }

  /** A copy of the counts that the next files can be added to, leaving these as they are. */
  ReportAggregate aggregateCopy() {
    try {
      return JSON.readValue(JSON.writeValueAsBytes(aggregate), ReportAggregate.class);
    } catch (IOException e) {
      throw new IllegalStateException("the report's counts do not survive JSON", e);
    }
  }
}
