package dev.handmade.labelling.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import dev.handmade.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * The service with its auditor's endpoints reading {@link AuditLogs}' log from an in-process S3
 * server, an auditor, and two labellers who answered {@link AuditLogs#BY_PEOPLE} through the
 * service, so that the pay ledger holds a labeller-day for each.
 */
public final class AuditedService implements AutoCloseable {

  public static final String PSEUDONYM_KEY = "test-pseudonym-key-0123456789";

  private final ObjectStore store;
  private final TestDatabase db;
  private final RunningService service;
  private final String auditor;
  private final String labeller;
  private final String firstLabellerId;
  private final String secondLabellerId;

  public AuditedService(S3ProxyExtension s3) {
    store = s3.newStore();
    db = new TestDatabase();
    try {
      service =
          new RunningService(
              db,
              config ->
                  config
                      .set("audit.s3Endpoint", s3.endpoint())
                      .set("audit.s3Bucket", store.bucket())
                      .set("audit.s3AccessKey", S3ProxyExtension.ACCESS_KEY)
                      .set("audit.s3SecretKey", S3ProxyExtension.SECRET_KEY)
                      .set("audit.pseudonymKey", PSEUDONYM_KEY));
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    Api api = service.api();
    auditor = api.newAccount(RunningService.ADMIN, "auditor", "auditor");
    labeller = api.newAccount(RunningService.ADMIN, "first", "labeller");
    String second = api.newAccount(RunningService.ADMIN, "second", "labeller");
    firstLabellerId = api.get("/api/me", labeller).json().get("labellerId").asText();
    secondLabellerId = api.get("/api/me", second).json().get("labellerId").asText();

    assertThat(
            api.intake(
                    RunningService.PIPELINE,
                    Frames.task(AuditLogs.BY_PEOPLE, "uncertain", 1, 2, null))
                .status())
        .isEqualTo(201);
    for (String token : new String[] {labeller, second}) {
      long lease = api.lease(token).json().get("leaseId").asLong();
      heldFor(lease, AuditLogs.ACTIVE_MILLIS + 10_000);
      assertThat(api.answer(token, lease, "pedestrian", AuditLogs.ACTIVE_MILLIS).status())
          .isEqualTo(200);
    }
    AuditLogs.write(store, firstLabellerId, secondLabellerId);
    // the second answer decided the task and staged its feed entry, which the service publishes
    // in the background: tests that compare the tables before and after start once it is done
    Awaitility.await("the decided task's feed entry published")
        .atMost(Duration.ofSeconds(30))
        .until(this::nothingStagedForTheFeed);
  }

  private boolean nothingStagedForTheFeed() throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet staged = s.executeQuery("select count(*) from feed_pending")) {
      staged.next();
      return staged.getLong(1) == 0;
    }
  }

  /** Moves a lease's start back, so that the active time the service clamps to it is a person's, not a test's. */
  private void heldFor(long leaseId, long millis) {
    try (Connection c = db.connect();
        PreparedStatement moved =
            c.prepareStatement(
                "update lease set leased_at = leased_at - make_interval(secs => ?) where lease_id = ?")) {
      moved.setDouble(1, millis / 1000.0);
      moved.setLong(2, leaseId);
      assertThat(moved.executeUpdate()).isEqualTo(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bucket the service reads the audit log and registry from. */
  public ObjectStore store() {
    return store;
  }

  public Api api() {
    return service.api();
  }

  public int port() {
    return service.port();
  }

  public TestDatabase db() {
    return db;
  }

  public String auditorToken() {
    return auditor;
  }

  /** The first labeller's token. */
  public String labellerToken() {
    return labeller;
  }

  public String firstLabellerId() {
    return firstLabellerId;
  }

  public String secondLabellerId() {
    return secondLabellerId;
  }

  @Override
  public void close() {
    try {
      service.close();
    } finally {
      db.close();
    }
  }
}
