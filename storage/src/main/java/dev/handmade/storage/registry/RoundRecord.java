package dev.handmade.storage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * What one training round concluded, kept in the registry beside the versions so that people
 * (and {@code handmade up}'s progress line) can read why a candidate was or was not deployed:
 * {@code models/rounds/round-N.json}, plain JSON.
 *
 * @param round the trainer's round number, counted across restarts (it is in the job's state)
 * @param started when the round started training
 * @param at when the round ended
 * @param published the version the round published and deployed; null when the gate rejected it
 * @param threshold the candidate's confidence threshold (above 1 when out of reach)
 * @param verdict the gate's verdict in words
 */
public record RoundRecord(
    long round, Instant started, Instant at, String published, double threshold, String verdict) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public RoundRecord {
    if (round < 1) {
      throw new IllegalArgumentException("round must be at least 1, got " + round);
    }
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(verdict, "verdict");
  }

  byte[] toJson() {
    ObjectNode json =
        JSON.createObjectNode()
            .put("round", round)
            .put("started", started.toString())
            .put("at", at.toString())
            .put("published", published)
            .put("threshold", threshold)
            .put("verdict", verdict);
    try {
      return JSON.writeValueAsBytes(json);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a round record as JSON", e);
    }
  }

  static RoundRecord parse(byte[] bytes, String key) {
    try {
      JsonNode json = JSON.readTree(bytes);
      JsonNode published = json.path("published");
      return new RoundRecord(
          json.path("round").asLong(),
          Instant.parse(json.path("started").asText()),
          Instant.parse(json.path("at").asText()),
          published.isTextual() ? published.asText() : null,
          json.path("threshold").asDouble(),
          json.path("verdict").asText());
    } catch (IOException
        | DateTimeParseException
        | IllegalArgumentException
        | NullPointerException e) {
      throw new ModelRegistryException(
          key + " is not a readable round record: " + e.getMessage(), e);
    }
  }
}
