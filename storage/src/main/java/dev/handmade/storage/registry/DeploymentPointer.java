package dev.handmade.storage.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The deployment pointer object: every move of the pointer, oldest first, as JSON that people
 * can read with any S3 tool:
 *
 * <pre>{@code
 * {"deployed": "v2",
 *  "history": [{"version": "v1", "at": "2026-01-01T00:00:00Z", "kind": "DEPLOY"}, ...]}
 * }</pre>
 *
 * <p>The deployed version is what replaying the history yields: a deploy pushes its version,
 * a rollback pops one. Keeping the rollbacks in the history, rather than deleting the entries
 * they undo, leaves an audit trail; replaying makes a second rollback go further back instead
 * of flipping between two versions. {@code deployed} is written for readers and checked
 * against the replay when read.
 */
final class DeploymentPointer {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final List<Deployment> history;
  private final Deque<String> stack;

  private DeploymentPointer(List<Deployment> history, Deque<String> stack) {
    this.history = history;
    this.stack = stack;
  }

  static DeploymentPointer empty() {
    return new DeploymentPointer(List.of(), new ArrayDeque<>());
  }

  List<Deployment> history() {
    return history;
  }

  Optional<String> deployed() {
    return Optional.ofNullable(stack.peek());
  }

  /** The version a rollback would return to. */
  Optional<String> previous() {
    if (stack.size() < 2) {
      return Optional.empty();
    }
    return Optional.of(new ArrayList<>(stack).get(1));
  }

  DeploymentPointer with(Deployment move) {
    List<Deployment> moved = new ArrayList<>(history);
    moved.add(move);
    Deque<String> replayed = replay(moved);
    if (replayed == null) {
      throw new IllegalStateException("move " + move + " does not follow from " + history);
    }
    return new DeploymentPointer(List.copyOf(moved), replayed);
  }

  byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("deployed", stack.peek());
    ArrayNode entries = root.putArray("history");
    for (Deployment move : history) {
      entries
          .addObject()
          .put("version", move.version())
          .put("at", move.at().toString())
          .put("kind", move.kind().name());
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the deployment pointer as JSON", e);
    }
  }

  /**
   * @param key where the bytes came from, for messages
   * @throws ModelRegistryException when the bytes are not a consistent pointer
   */
  static DeploymentPointer parse(byte[] bytes, String key) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw unreadable(key, "is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("reading JSON from memory failed", e);
    }
    if (root == null || !root.isObject() || !root.path("history").isArray()) {
      throw unreadable(
          key, "has no \"history\" array: " + new String(bytes, StandardCharsets.UTF_8), null);
    }
    List<Deployment> history = new ArrayList<>();
    for (JsonNode entry : root.get("history")) {
      String version = entry.path("version").asText("");
      if (!ModelRegistry.VERSION_NAME.matcher(version).matches()) {
        throw unreadable(key, "has an entry without a valid version: " + entry, null);
      }
      try {
        history.add(
            new Deployment(
                version,
                Instant.parse(entry.path("at").asText()),
                Deployment.Kind.valueOf(entry.path("kind").asText())));
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw unreadable(key, "has an unreadable entry " + entry + ": " + e.getMessage(), e);
      }
    }
    Deque<String> stack = replay(history);
    if (stack == null) {
      throw unreadable(key, "has a rollback that does not undo a deployment: " + history, null);
    }
    String expected = stack.peek();
    String written = root.path("deployed").isTextual() ? root.get("deployed").asText() : null;
    if (!Objects.equals(written, expected)) {
      throw unreadable(
          key, "says \"deployed\": " + written + " but its history leads to " + expected, null);
    }
    return new DeploymentPointer(List.copyOf(history), stack);
  }

  /** The stack of deployed versions, top first, or null when a rollback does not fit. */
  private static Deque<String> replay(List<Deployment> history) {
    Deque<String> stack = new ArrayDeque<>();
    for (Deployment move : history) {
      switch (move.kind()) {
        case DEPLOY -> stack.push(move.version());
        case ROLLBACK -> {
          if (stack.size() < 2) {
            return null;
          }
          stack.pop();
          if (!move.version().equals(stack.peek())) {
            return null;
          }
        }
      }
    }
    return stack;
  }

  private static ModelRegistryException unreadable(String key, String problem, Throwable cause) {
    return new ModelRegistryException("deployment pointer " + key + " " + problem, cause);
  }
}
