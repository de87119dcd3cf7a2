package dev.handmade.audit.render;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.handmade.audit.chain.ChainVerification;
import dev.handmade.audit.provenance.FrameProvenance;
import dev.handmade.audit.report.AuditReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole audit report as JSON, for tools and for keeping: times as ISO-8601 strings, money in
 * cents, shares as fractions. Besides the report's fields it carries the figures a reader would
 * otherwise recompute: whether the chain is intact, each share's total and fractions, and each
 * time bucket's total and machine share (null for a bucket without decisions).
 */
public final class ReportJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .addMixIn(ChainVerification.class, ChainDerived.class)
          .addMixIn(AuditReport.Share.class, ShareDerived.class)
          .addMixIn(AuditReport.TimePoint.class, TimePointDerived.class)
          .build();

  private ReportJson() {}

  public static String toJson(AuditReport report) {
    return write(report);
  }

  /** A frame's provenance, in the same conventions as the report. */
  public static String toJson(FrameProvenance provenance) {
    return write(provenance);
  }

  private static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** Writes the report to {@code file} in UTF-8, creating its folder. */
  public static void write(AuditReport report, Path file) {
    try {
      Path folder = file.toAbsolutePath().getParent();
      Files.createDirectories(folder);
      Files.writeString(file, toJson(report), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private abstract static class ChainDerived {
    @JsonProperty
    abstract boolean intact();
  }

  private abstract static class TimePointDerived {
    @JsonProperty
    abstract long total();

    @JsonProperty
    abstract Double machineShare();
  }

  private abstract static class ShareDerived {
    @JsonProperty
    abstract long total();

    @JsonProperty
    abstract double machineShare();

    @JsonProperty
    abstract double peopleShare();
  }
}
