package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.labelling.config.ServiceConfig;
import dev.handmade.labelling.support.Api;
import dev.handmade.labelling.support.Frames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default a new user gets: no database URL, so the service starts its own PostgreSQL on a
 * data folder; it generates the first tokens, and its data outlives a restart.
 */
class EmbeddedServiceITCase {

  @Test
  void runsOnItsOwnPostgresAndKeepsItsDataAcrossRestarts(@TempDir Path dir) {
    ServiceConfig config =
        ServiceConfig.builder()
            .set("http.host", "127.0.0.1")
            .set("http.port", 0)
            .set("db.dataDir", dir.resolve("labelling-db"))
            .build();
    assertThat(config.embeddedDatabase()).isTrue();
    String labeller;
    try (LabellingService service = LabellingService.start(config)) {
      Map<String, String> tokens = service.generatedTokens();
      assertThat(tokens).containsOnlyKeys("admin", "pipeline");
      Api api = new Api(service.port());
      assertThat(api.get("/health", null).json().get("database").asText()).isEqualTo("up");
      assertThat(api.intake(tokens.get("pipeline"), Frames.uncertain("embedded-1", 1)).status())
          .isEqualTo(201);
      labeller = api.newAccount(tokens.get("admin"), "first-labeller", "labeller");
      QueueBehaviourITCase.answerTask(api, labeller, "embedded-1", "pole");
    }
    assertThat(Files.exists(dir.resolve("labelling-db").resolve("PG_VERSION"))).isTrue();

    try (LabellingService again = LabellingService.start(config)) {
      assertThat(again.generatedTokens()).as("accounts exist: no new tokens").isEmpty();
      Api api = new Api(again.port());
      assertThat(api.get("/api/me/today", labeller).json().get("tasksDone").asInt()).isEqualTo(1);
      assertThat(api.get("/api/me", labeller).json().get("name").asText())
          .isEqualTo("first-labeller");
    }
  }
}
