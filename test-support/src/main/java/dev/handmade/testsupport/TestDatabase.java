package dev.handmade.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database on the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust auth), created
 * from the database {@code test} and dropped on close, so that test classes never see each other's
 * rows, can run in parallel and can run again and again.
 */
public final class TestDatabase implements AutoCloseable {

  public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  public static final String USER = "postgres";

  private final String name;

  public TestDatabase() {
    this.name = "handmade_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute("create database " + name);
  }

  public String url() {
    return SERVER + name;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), USER, "");
  }

  /** A digest of every row of each of {@code tables}: equal digests, unchanged data. */
  public Map<String, String> rowDigests(List<String> tables) throws SQLException {
    Map<String, String> digests = new LinkedHashMap<>();
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String table : tables) {
        try (ResultSet rs =
            s.executeQuery(
                "select count(*) || ':' || md5(coalesce(string_agg(t::text, '|' "
                    + "order by t::text), '')) from "
                    + table
                    + " t")) {
          rs.next();
          digests.put(table, rs.getString(1));
        }
      }
    }
    return digests;
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
