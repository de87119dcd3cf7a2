package dev.handmade.labelling.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.TaskKind;
import java.util.List;

/**
 * One line of the feed: a HumanLabel (sequence, taskId, frameId, kind, label, answers,
 * agreement, verifiedAt) plus what the pipeline needs so that no acknowledged answer is lost:
 * the outcome ("verified", or "unresolved" with no label and a reason) and the answers that
 * were set aside, each with its reason. Every field is always written, null where it has no
 * value; a reader refuses an entry that lacks one rather than guess it.
 */
public record FeedEntry(
    @JsonProperty(required = true) long sequence,
    @JsonProperty(required = true) String outcome,
    @JsonProperty(required = true) String taskId,
    @JsonProperty(required = true) String frameId,
    @JsonProperty(required = true) TaskKind kind,
    @JsonProperty(required = true) ObjectClass label,
    @JsonProperty(required = true) List<Answer> answers,
    @JsonProperty(required = true) float agreement,
    @JsonProperty(required = true) long verifiedAt,
    @JsonProperty(required = true) String reason,
    @JsonProperty(required = true) List<SetAside> setAside) {

  /** Mirrors the Avro LabellerAnswer; answer null is "can't tell". */
  public record Answer(
      @JsonProperty(required = true) String labellerId,
      @JsonProperty(required = true) ObjectClass answer,
      @JsonProperty(required = true) long activeMillis,
      @JsonProperty(required = true) long payCents,
      @JsonProperty(required = true) String currency,
      @JsonProperty(required = true) long answeredAt) {}

  public record SetAside(
      @JsonProperty(required = true) String labellerId,
      @JsonProperty(required = true) ObjectClass answer,
      @JsonProperty(required = true) long activeMillis,
      @JsonProperty(required = true) long payCents,
      @JsonProperty(required = true) String currency,
      @JsonProperty(required = true) long answeredAt,
      @JsonProperty(required = true) String reason) {}
}
