package dev.handmade.pipeline.support;

import dev.handmade.labelling.LabellingService;
import dev.handmade.labelling.config.ServiceConfig;
import dev.handmade.pipeline.labelling.LabellingServiceConfig;
import dev.handmade.testsupport.TestDatabase;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The real labelling service, wired by its own {@link LabellingService#start}, on a random port
 * against a database of its own that is dropped on close. Gold tasks are off unless a test
 * turns them on, so that the feed holds exactly the tasks a test answers.
 */
public final class RunningLabellingService implements AutoCloseable {

  public static final String ADMIN_TOKEN = "pipeline-test-admin-token-0123";
  public static final String PIPELINE_TOKEN = "pipeline-test-pipeline-token-0123";

  private final TestDatabase database;
  private final LabellingService service;
  private final ServiceCalls calls;

  public RunningLabellingService(Consumer<ServiceConfig.Builder> settings) {
    this.database = new TestDatabase();
    try {
      ServiceConfig.Builder config =
          ServiceConfig.builder()
              .set("http.host", "127.0.0.1")
              .set("http.port", 0)
              .set("db.url", database.url())
              .set("db.user", TestDatabase.USER)
              .set("db.poolSize", 4)
              .set("bootstrap.adminToken", ADMIN_TOKEN)
              .set("bootstrap.pipelineToken", PIPELINE_TOKEN)
              .set("gold.rate", 0)
              // a task escalated past the few simulated labellers ends unresolved soon, not after
              // 15 minutes
              .set("consensus.escalationWait", Duration.ofSeconds(2));
      settings.accept(config);
      this.service = LabellingService.start(config.build());
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    this.calls = new ServiceCalls(baseUrl());
  }

  public RunningLabellingService() {
    this(c -> {});
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + service.port();
  }

  /** The admin's and labellers' side of the API, for setting up and checking. */
  public ServiceCalls calls() {
    return calls;
  }

  /** A pipeline client config for this service: small batches, fast retries. */
  public LabellingServiceConfig.Builder clientConfig() {
    return clientConfig(baseUrl());
  }

  public static LabellingServiceConfig.Builder clientConfig(String baseUrl) {
    return LabellingServiceConfig.builder()
        .baseUrl(baseUrl)
        .token(PIPELINE_TOKEN)
        .requestTimeout(Duration.ofSeconds(20))
        .maxTasksPerRequest(50)
        .maxAttempts(4)
        .initialBackoff(Duration.ofMillis(20));
  }

  @Override
  public void close() {
    try {
      service.close();
    } finally {
      database.close();
    }
  }
}
