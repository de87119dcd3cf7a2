package dev.handmade.labelling;

import dev.handmade.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** {@link ServiceOnPostgresContract} on a fresh database of the machine's PostgreSQL; always runs. */
class ServiceOnLocalPostgresITCase extends ServiceOnPostgresContract {

  private TestDatabase db;

  @BeforeEach
  void createDatabase() {
    db = new TestDatabase();
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  @Override
  protected String jdbcUrl() {
    return db.url();
  }

  @Override
  protected String user() {
    return TestDatabase.USER;
  }

  @Override
  protected String password() {
    return "";
  }
}
