package dev.handmade.labelling.support;

import dev.handmade.labelling.LabellingService;
import dev.handmade.labelling.config.ServiceConfig;
import dev.handmade.testsupport.TestDatabase;
import java.time.Clock;
import java.util.function.Consumer;

/** The whole service on a random port against a test database, with known admin and pipeline tokens. */
public final class RunningService implements AutoCloseable {

  public static final String ADMIN = "test-admin-token-0123456789";
  public static final String PIPELINE = "test-pipeline-token-0123456789";

  private final LabellingService service;
  private final Api api;

  public RunningService(TestDatabase db, Consumer<ServiceConfig.Builder> settings) {
    this(db, Clock.systemUTC(), settings);
  }

  public RunningService(TestDatabase db, Clock clock, Consumer<ServiceConfig.Builder> settings) {
    ServiceConfig.Builder config =
        ServiceConfig.builder()
            .set("http.host", "127.0.0.1")
            .set("http.port", 0)
            .set("db.url", db.url())
            .set("db.user", TestDatabase.USER)
            .set("bootstrap.adminToken", ADMIN)
            .set("bootstrap.pipelineToken", PIPELINE)
            .set("gold.rate", 0);
    settings.accept(config);
    this.service = LabellingService.start(config.build(), clock);
    this.api = new Api(service.port());
  }

  public Api api() {
    return api;
  }

  public int port() {
    return service.port();
  }

  @Override
  public void close() {
    service.close();
  }
}
