package dev.handmade.labelling.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/** The connection pool and the schema: opening one migrates the database to the service's version. */
public final class Database implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
  }

  public static Database open(String jdbcUrl, String user, String password, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("labelling");
    // a request must fail, not hang, when the database is gone
    config.setConnectionTimeout(10_000);
    // an answer and its pay are acknowledged only once they are on disk: a server whose default
    // is synchronous_commit=off is overruled for this pool's sessions; 'local' or 'remote_*' are
    // kept
    config.setConnectionInitSql(
        "do $$ begin if current_setting('synchronous_commit') = 'off' then "
            + "set synchronous_commit = on; end if; end $$");
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      migrate(dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new Database(dataSource);
  }

  static void migrate(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
  }

  /** A setting as the pool's sessions see it, such as synchronous_commit. */
  public String setting(String name) {
    return jdbi.withHandle(
        h -> h.createQuery("select current_setting(:n)").bind("n", name).mapTo(String.class).one());
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
