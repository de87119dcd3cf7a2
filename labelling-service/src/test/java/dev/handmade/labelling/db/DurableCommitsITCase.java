package dev.handmade.labelling.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The service acknowledges an answer only once it is on disk, whatever the database's default. */
class DurableCommitsITCase {

  @Test
  void aDatabaseThatDoesNotWaitForTheDiskIsOverruledInTheServicesSessions() throws Exception {
    try (TestDatabase db = new TestDatabase()) {
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        s.execute("alter database " + c.getCatalog() + " set synchronous_commit = off");
      }
      try (Connection c = db.connect();
          Statement s = c.createStatement();
          var rs = s.executeQuery("select current_setting('synchronous_commit')")) {
        rs.next();
        assertThat(rs.getString(1)).as("the database's default here").isEqualTo("off");
      }
      try (Database database = Database.open(db.url(), TestDatabase.USER, "", 2)) {
        assertThat(database.setting("synchronous_commit")).isEqualTo("on");
      }
    }
  }

  @Test
  void aStrongerSettingIsKept() throws Exception {
    try (TestDatabase db = new TestDatabase()) {
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        s.execute("alter database " + c.getCatalog() + " set synchronous_commit = remote_apply");
      }
      try (Database database = Database.open(db.url(), TestDatabase.USER, "", 2)) {
        assertThat(database.setting("synchronous_commit")).isEqualTo("remote_apply");
      }
    }
  }
}
