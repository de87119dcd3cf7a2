package dev.handmade.audit.statement;

import dev.handmade.storage.ObjectNotFoundException;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.registry.ModelRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Where labour statements live: beside each version in the registry, as JSON and as Markdown. */
public final class LabourStatements {

  public static final String JSON_FILE = "labour-statement.json";
  public static final String MARKDOWN_FILE = "labour-statement.md";

  private LabourStatements() {}

  public static String jsonKey(String version) {
    return ModelRegistry.ROOT + version + "/" + JSON_FILE;
  }

  public static String markdownKey(String version) {
    return ModelRegistry.ROOT + version + "/" + MARKDOWN_FILE;
  }

  /** Writes the page first, so that a reader who finds the JSON finds its page too. */
  public static void write(ObjectStore store, LabourStatement statement) {
    store.putBytes(
        markdownKey(statement.version()),
        LabourStatementMarkdown.render(statement).getBytes(StandardCharsets.UTF_8));
    store.putBytes(jsonKey(statement.version()), statement.toJson());
  }

  /**
   * The statement of {@code version}; empty when none was written.
   *
   * @throws UncheckedIOException when one was written but cannot be read as a statement
   */
  public static Optional<LabourStatement> read(ObjectStore store, String version) {
    byte[] json;
    try {
      json = store.getBytes(jsonKey(version));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(LabourStatement.parse(json));
    } catch (IOException e) {
      throw new UncheckedIOException(
          jsonKey(version) + " is not a labour statement: " + e.getMessage(), e);
    }
  }
}
