package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.labelling.config.ServiceConfig;
import dev.handmade.labelling.support.Api;
import dev.handmade.labelling.support.Frames;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The service as a deployment starts it: configured by HANDMADE_* variables alone, as the Compose
 * file and the Kubernetes manifests configure it, on an external PostgreSQL that it migrates
 * itself, and started a second time on the same database. Runs on the machine's PostgreSQL
 * ({@link ServiceOnLocalPostgresITCase}) and, where Docker runs, on the PostgreSQL image the
 * deployment files name ({@link ServiceOnPostgresContainerITCase}).
 */
abstract class ServiceOnPostgresContract {

  static final String ADMIN = "contract-admin-token-0123456789";
  static final String PIPELINE = "contract-pipeline-token-0123456789";
  static final int TASKS = 3;

  protected abstract String jdbcUrl();

  protected abstract String user();

  protected abstract String password();

  private LabellingService start() {
    return LabellingService.start(
        ServiceConfig.builder()
            .environment(
                Map.of(
                    "HANDMADE_HTTP_HOST",
                    "127.0.0.1",
                    "HANDMADE_HTTP_PORT",
                    "0",
                    "HANDMADE_DB_URL",
                    jdbcUrl(),
                    "HANDMADE_DB_USER",
                    user(),
                    "HANDMADE_DB_PASSWORD",
                    password(),
                    "HANDMADE_BOOTSTRAP_ADMIN_TOKEN",
                    ADMIN,
                    "HANDMADE_BOOTSTRAP_PIPELINE_TOKEN",
                    PIPELINE,
                    "HANDMADE_GOLD_RATE",
                    "0"))
            .build());
  }

  @Test
  void labelsGivenBeforeARestartAreInTheFeedAfterIt() {
    String labeller;
    String feedBefore;
    try (LabellingService first = start()) {
      Api api = new Api(first.port());
      assertThat(first.generatedTokens()).as("both bootstrap tokens were given").isEmpty();
      assertThat(api.get("/health", null).status()).isEqualTo(200);
      assertThat(
              api.intake(
                      PIPELINE,
                      IntStream.range(0, TASKS)
                          .mapToObj(i -> Frames.uncertain("deploy-" + i, TASKS - i))
                          .collect(Collectors.joining(",")))
                  .status())
          .isEqualTo(201);
      labeller = api.newAccount(ADMIN, "first-shift", "labeller");
      for (int i = 0; i < TASKS; i++) {
        QueueBehaviourITCase.answerTask(api, labeller, "deploy-" + i, "car");
      }
      JsonNode feed = api.feed(PIPELINE, 0, 10).get("entries");
      assertThat(feed).hasSize(TASKS);
      feedBefore = feed.toString();
    }

    try (LabellingService second = start()) {
      Api api = new Api(second.port());
      assertThat(second.generatedTokens()).isEmpty();
      assertThat(api.get("/api/me", labeller).status())
          .as("the labeller's token outlives the restart")
          .isEqualTo(200);
      assertThat(api.feed(PIPELINE, 0, 10).get("entries").toString()).isEqualTo(feedBefore);
      assertThat(api.lease(labeller).status()).as("nothing is left to label").isEqualTo(204);
    }
  }
}
