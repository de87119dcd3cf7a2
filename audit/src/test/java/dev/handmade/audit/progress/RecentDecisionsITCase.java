package dev.handmade.audit.progress;

import static dev.handmade.audit.SampleLogs.START;
import static dev.handmade.audit.SampleLogs.event;
import static dev.handmade.audit.SampleLogs.human;
import static dev.handmade.audit.SampleLogs.label;
import static dev.handmade.audit.SampleLogs.machine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.audit.SampleLogs;
import dev.handmade.audit.log.AuditLogTail;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import dev.handmade.storage.local.LocalS3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RecentDecisionsITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  /** {@code machine} machine decisions, {@code people} people decisions and one label. */
  private static List<AuditEvent> minute(String tag, int machine, int people) {
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < machine; i++) {
      events.add(
          event(
              machine(
                  tag + "-m" + i,
                  Route.CONFIDENT,
                  "v1",
                  ObjectClass.CAR,
                  0.97f,
                  START.plusSeconds(i))));
    }
    for (int i = 0; i < people; i++) {
      events.add(
          event(
              human(
                  tag + "-h" + i,
                  "v1",
                  ObjectClass.CAR,
                  ObjectClass.TRUCK,
                  "bob",
                  START.plusSeconds(i))));
    }
    events.add(
        event(
            label(
                1,
                tag + "-h0",
                TaskKind.UNCERTAIN,
                ObjectClass.TRUCK,
                "bob",
                START.plusSeconds(30))));
    return events;
  }

  @Test
  void countsOnlyDecisionsInFilesCommittedSinceTheLastLook() {
    ObjectStore store = S3.newStore();
    SampleLogs.writeChained(store, minute("before", 5, 5), 4); // a resumed run's log
    RecentDecisions recent = RecentDecisions.fromNow(store);

    assertThat(recent.next()).isEqualTo(new RecentDecisions.Count(0, 0, 0, List.of()));

    SampleLogs.appendChained(store, minute("first", 6, 2), 3); // 9 events in 3 files
    RecentDecisions.Count first = recent.next();
    assertThat(first.machine()).isEqualTo(6);
    assertThat(first.people()).as("the label is not a decision").isEqualTo(2);
    assertThat(first.files()).isEqualTo(3);
    assertThat(first.machineShare()).isEqualTo(0.75);

    SampleLogs.appendChained(store, minute("second", 1, 3), 10);
    assertThat(recent.next()).isEqualTo(new RecentDecisions.Count(1, 3, 1, List.of()));
    assertThat(recent.next())
        .as("each file is counted once")
        .isEqualTo(new RecentDecisions.Count(0, 0, 0, List.of()));
  }

  @Test
  void saysWhichFileItCouldNotReadAndCountsTheRest() {
    ObjectStore store = S3.newStore();
    RecentDecisions recent = new RecentDecisions(AuditLogTail.fromStart(store));
    SampleLogs.writeChained(store, minute("a", 2, 1), 100);
    String broken = "audit/dt=2026-11-29/hour=08/part-00000-9999999999-0000-test.avro";
    store.putBytes(broken, "not avro".getBytes(StandardCharsets.UTF_8));

    RecentDecisions.Count count = recent.next();
    assertThat(count.machine()).isEqualTo(2);
    assertThat(count.people()).isEqualTo(1);
    assertThat(count.files()).isEqualTo(2);
    assertThat(count.unreadable()).singleElement().asString().startsWith(broken + ": ");
  }

  @Test
  void aLookThatFailsLosesNothing(@TempDir Path folder) throws Exception {
    LocalS3Server server = LocalS3Server.start(folder, "127.0.0.1", 0, "key", "secret-0123");
    int port = server.port();
    try (ObjectStore store = server.storeBuilder().bucket("handmade").build()) {
      store.createBucketIfAbsent();
      RecentDecisions recent = RecentDecisions.fromNow(store);
      SampleLogs.writeChained(store, minute("a", 3, 1), 2);
      server.close(); // the store goes away before the minute's look

      assertThatThrownBy(recent::next).isInstanceOf(RuntimeException.class);
      server = LocalS3Server.start(folder, "127.0.0.1", port, "key", "secret-0123");
      RecentDecisions.Count count = recent.next();
      assertThat(count.files()).isEqualTo(3);
      assertThat(count.machine()).isEqualTo(3);
      assertThat(count.people()).isEqualTo(1);
    } finally {
      server.close();
    }
  }

  @Test
  void anEmptyMinuteHasNoShare() {
    assertThat(RecentDecisions.count(List.of(), 0, List.of()).machineShare()).isZero();
  }
}
