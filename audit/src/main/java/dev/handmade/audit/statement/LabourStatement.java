package dev.handmade.audit.statement;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.handmade.audit.report.AuditReport.Proportion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The human labour inside one model version, as the audit log and the pay ledger showed it at a
 * named head of the audit log: written as {@code models/<version>/labour-statement.json} (and a
 * Markdown page beside it) so that it can be read without Handmade and checked later against the
 * log ({@link LabourStatementCheck}). Money in cents of {@code ledger.currency}; labellers appear
 * only as counts, and in {@code labellerDays} under pseudonyms made with this statement's own salt.
 *
 * @param version the model version, "v3"
 * @param parent its parent, null for a version trained from scratch
 * @param lineage the version and its ancestors, newest first
 * @param computedAt when the statement was computed
 * @param supersededBy the newer version published by then, null while this one was the newest:
 *     a statement is written when its version is published and once more after it is superseded,
 *     so that its decisions while live cover the time it was in charge
 * @param auditLog the head of the audit log the figures were computed from
 * @param direct the labour of the human labels the version was first trained on
 * @param throughParents the same summed over the lineage, labellers counted once
 * @param whileLive the final decisions on frames routed while the version was in charge
 * @param auditSampleAccuracy the audit samples among those decisions that people verified: the
 *     share where people agreed with the machine, with its 95% Wilson interval
 * @param labellerDays the pay ledger's labeller-days that hold answers in the lineage's labels
 */
public record LabourStatement(
    String version,
    String parent,
    List<String> lineage,
    Instant versionCreatedAt,
    Instant computedAt,
    String supersededBy,
    AuditHead auditLog,
    Ledger ledger,
    Labour direct,
    Labour throughParents,
    LiveDecisions whileLive,
    Proportion auditSampleAccuracy,
    List<LabellerDay> labellerDays) {

  static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  public LabourStatement {
    lineage = List.copyOf(lineage);
    labellerDays = List.copyOf(labellerDays);
  }

  /**
   * Where in the audit log the statement was computed: its figures count the records from the
   * start of the chain up to and including the one whose chain hash is {@code hash}.
   *
   * @param file the committed audit file that record ends
   * @param position that file's position in the chain
   * @param records how many records the log held up to there
   */
  public record AuditHead(String file, long position, String hash, long records) {}

  /**
   * The pay ledger's terms, and how wage-floor top-ups are shared out to versions.
   *
   * @param timeZone the pay time zone: an answer belongs to the labeller-day of its time there
   * @param pseudonymSalt the key of this statement's labeller pseudonyms (HMAC-SHA256, as in
   *     the audit report): anyone who holds the audit log can recompute them, nobody else can
   *     trace them back
   */
  public record Ledger(
      String source,
      String currency,
      long floorHourlyCents,
      String timeZone,
      String topUpRule,
      String pseudonymSalt) {}

  /**
   * Human work on labels.
   *
   * @param humanLabels verified labels
   * @param answers the labellers' answers that made them (consensus needs one or more)
   * @param labellers distinct labellers
   * @param activeHours time on screen and active, idle time cut off
   * @param pieceCents piece pay of those answers, as the audit log records each
   * @param topUpCents the share of wage-floor top-ups, by {@link Ledger#topUpRule()}, in cents
   *     rounded to hundredths
   */
  public record Labour(
      long humanLabels,
      long answers,
      int labellers,
      double activeHours,
      long pieceCents,
      double topUpCents) {

    @JsonProperty(access = JsonProperty.Access.READ_ONLY)
    public double totalCents() {
      return Math.round((pieceCents + topUpCents) * 100) / 100.0;
    }
  }

  /** Final decisions on frames routed while the version was in charge, by who made them. */
  public record LiveDecisions(long machine, long people) {

    @JsonProperty(access = JsonProperty.Access.READ_ONLY)
    public long total() {
      return machine + people;
    }

    /** The share people made; 0 without decisions. */
    @JsonProperty(access = JsonProperty.Access.READ_ONLY)
    public double peopleShare() {
      return total() == 0 ? 0 : (double) people / total();
    }
  }

  /**
   * One labeller-day of the pay ledger and the answers of the lineage's labels in it.
   *
   * @param labeller the labeller's pseudonym under this statement's salt
   * @param tasks the tasks the labeller was paid for that day, as the ledger said
   * @param topUpCents the day's top-up, as the ledger said (0 until the day is settled)
   * @param settled whether the ledger had settled the day
   * @param answersByVersion the labeller's answers that day among each lineage version's labels
   */
  public record LabellerDay(
      String labeller,
      String day,
      long tasks,
      long topUpCents,
      boolean settled,
      Map<String, Long> answersByVersion) {

    public LabellerDay {
      answersByVersion = Collections.unmodifiableSortedMap(new TreeMap<>(answersByVersion));
    }
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(toTree());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a labour statement is always writable as JSON", e);
    }
  }

  /** The statement as a JSON tree, with the derived figures a reader would otherwise work out. */
  JsonNode toTree() {
    return JSON.valueToTree(this);
  }

  /** Reads a statement written by {@link #toJson()}. */
  public static LabourStatement parse(byte[] json) throws IOException {
    return JSON.readValue(new String(json, StandardCharsets.UTF_8), LabourStatement.class);
  }
}
