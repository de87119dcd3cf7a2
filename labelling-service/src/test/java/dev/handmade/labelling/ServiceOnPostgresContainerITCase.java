package dev.handmade.labelling;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * {@link ServiceOnPostgresContract} on the PostgreSQL image that the Compose file and the
 * Kubernetes manifests name, with a password. Skipped where no Docker engine runs;
 * {@link ServiceOnLocalPostgresITCase} runs the same test everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ServiceOnPostgresContainerITCase extends ServiceOnPostgresContract {

  @Container
  static final PostgreSQLContainer POSTGRES =
      new PostgreSQLContainer("postgres:15")
          .withDatabaseName("labelling")
          .withUsername("handmade")
          .withPassword("container-password");

  @Override
  protected String jdbcUrl() {
    return POSTGRES.getJdbcUrl();
  }

  @Override
  protected String user() {
    return POSTGRES.getUsername();
  }

  @Override
  protected String password() {
    return POSTGRES.getPassword();
  }
}
