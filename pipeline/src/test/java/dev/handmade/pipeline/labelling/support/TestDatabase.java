package dev.handmade.pipeline.labelling.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the machine's PostgreSQL (127.0.0.1:5432, trust auth), dropped on close,
 * so that test classes never see each other's tasks and can run again and again.
 */
public final class TestDatabase implements AutoCloseable {

  public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  public static final String USER = "postgres";

  private final String name;

  public TestDatabase() {
    this.name =
        "handmade_pipeline_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute("create database " + name);
  }

  public String url() {
    return SERVER + name;
  }

  @Override
  public void close() {
    execute("drop database if exists " + name + " with (force)");
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(SERVER + "test", USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL on 127.0.0.1:5432 (user postgres, database test) is needed for this test: "
              + e.getMessage(),
          e);
    }
  }
}
