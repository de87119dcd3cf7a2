package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.labelling.support.Api;
import dev.handmade.labelling.support.Frames;
import dev.handmade.labelling.support.RunningService;
import dev.handmade.labelling.support.ServiceTables;
import dev.handmade.testsupport.TestDatabase;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad requests of every kind get a 4xx with a JSON error naming the field, never a 5xx, and
 * leave every table of the database exactly as it was.
 */
class BadInputITCase {

  private static final String PIXELS_2X2 = "AAAAAAAAAAAAAAAA";

  record Bad(
      String what,
      String method,
      String path,
      String token,
      String body,
      int status,
      String field) {}

  @Test
  void badInputIsRefusedWithTheFieldAndChangesNothing() throws Exception {
    try (TestDatabase db = new TestDatabase();
        RunningService s = new RunningService(db, c -> c.set("lease.duration", "1s"))) {
      Api api = s.api();
      String p = RunningService.PIPELINE;
      String a = RunningService.ADMIN;
      api.intake(p, Frames.uncertain("bad-1", 1));
      String l = api.newAccount(a, "tester", "labeller");
      long expiredLease = api.lease(l).json().get("leaseId").asLong();
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> scalar(db, "select count(*) from lease where expires_at < now()") == 1);
      String labellerId = api.get("/api/me", l).json().get("labellerId").asText();

      Map<String, String> before = db.rowDigests(ServiceTables.ALL);
      List<Bad> bad = new ArrayList<>();
      String frame =
          "{\"camera\":{\"width\":2,\"height\":2,\"rgbBase64\":\""
              + PIXELS_2X2
              + "\"},\"lidar\":[]}";
      bad.add(new Bad("malformed JSON", "POST", "/api/tasks", p, "{\"tasks\": [", 400, "body"));
      bad.add(new Bad("not JSON", "POST", "/api/tasks", p, "tasks please", 400, "body"));
      bad.add(new Bad("empty body", "POST", "/api/tasks", p, "", 400, "body"));
      bad.add(new Bad("array body", "POST", "/api/tasks", p, "[]", 400, "body"));
      bad.add(
          new Bad("tasks not a list", "POST", "/api/tasks", p, "{\"tasks\":\"x\"}", 400, "tasks"));
      bad.add(new Bad("empty batch", "POST", "/api/tasks", p, "{\"tasks\":[]}", 400, "tasks"));
      bad.add(
          intake(
              "unknown kind",
              p,
              "{\"frameId\":\"n1\",\"kind\":\"urgent\",\"frame\":" + frame + "}",
              "tasks[0].kind"));
      bad.add(
          intake(
              "priority a string",
              p,
              "{\"frameId\":\"n1\",\"kind\":\"uncertain\",\"priority\":\"high\",\"frame\":"
                  + frame
                  + "}",
              "tasks[0].priority"));
      bad.add(
          intake(
              "requiredLabels fractional",
              p,
              "{\"frameId\":\"n1\",\"kind\":\"uncertain\",\"requiredLabels\":1.5,\"frame\":"
                  + frame
                  + "}",
              "tasks[0].requiredLabels"));
      bad.add(
          intake(
              "requiredLabels zero",
              p,
              "{\"frameId\":\"n1\",\"kind\":\"uncertain\",\"requiredLabels\":0,\"frame\":"
                  + frame
                  + "}",
              "tasks[0].requiredLabels"));
      bad.add(
          intake(
              "unknown gold class",
              p,
              "{\"frameId\":\"n1\",\"kind\":\"gold\",\"goldAnswer\":\"spaceship\",\"frame\":"
                  + frame
                  + "}",
              "tasks[0].goldAnswer"));
      bad.add(
          intake(
              "gold without answer",
              p,
              "{\"frameId\":\"n1\",\"kind\":\"gold\",\"frame\":" + frame + "}",
              "tasks[0].goldAnswer"));
      bad.add(
          intake(
              "SQL in frameId",
              p,
              "{\"frameId\":\"x'; drop table task; --\",\"kind\":\"uncertain\",\"frame\":"
                  + frame
                  + "}",
              "tasks[0].frameId"));
      bad.add(
          intake(
              "frameId a number",
              p,
              "{\"frameId\":5,\"kind\":\"uncertain\",\"frame\":" + frame + "}",
              "tasks[0].frameId"));
      bad.add(
          intake(
              "pixels short",
              p,
              "{\"frameId\":\"n1\",\"kind\":\"uncertain\",\"frame\":{\"camera\":{\"width\":3,\"height\":2,\"rgbBase64\":\""
                  + PIXELS_2X2
                  + "\"},\"lidar\":[]}}",
              "tasks[0].frame.camera.rgbBase64"));
      bad.add(
          intake(
              "pixels not base64",
              p,
              "{\"frameId\":\"n1\",\"kind\":\"uncertain\",\"frame\":{\"camera\":{\"width\":2,\"height\":2,\"rgbBase64\":\"@@@\"},\"lidar\":[]}}",
              "tasks[0].frame.camera.rgbBase64"));
      bad.add(
          intake(
              "negative width",
              p,
              "{\"frameId\":\"n1\",\"kind\":\"uncertain\",\"frame\":{\"camera\":{\"width\":-1,\"height\":2,\"rgbBase64\":\"\"},\"lidar\":[]}}",
              "tasks[0].frame.camera.width"));
      bad.add(
          intake(
              "lidar point of three",
              p,
              "{\"frameId\":\"n1\",\"kind\":\"uncertain\",\"frame\":{\"camera\":{\"width\":2,\"height\":2,\"rgbBase64\":\""
                  + PIXELS_2X2
                  + "\"},\"lidar\":[[1,2,3]]}}",
              "tasks[0].frame.lidar[0]"));
      bad.add(
          intake(
              "lidar not a list",
              p,
              "{\"frameId\":\"n1\",\"kind\":\"uncertain\",\"frame\":{\"camera\":{\"width\":2,\"height\":2,\"rgbBase64\":\""
                  + PIXELS_2X2
                  + "\"},\"lidar\":\"abc\"}}",
              "tasks[0].frame.lidar"));
      bad.add(
          intake(
              "occlusion above one",
              p,
              "{\"frameId\":\"n1\",\"kind\":\"uncertain\",\"frame\":{\"camera\":{\"width\":2,\"height\":2,\"rgbBase64\":\""
                  + PIXELS_2X2
                  + "\"},\"lidar\":[],\"conditions\":{\"occlusion\":2}}}",
              "tasks[0].frame.conditions.occlusion"));
      bad.add(
          intake(
              "unknown lighting",
              p,
              "{\"frameId\":\"n1\",\"kind\":\"uncertain\",\"frame\":{\"camera\":{\"width\":2,\"height\":2,\"rgbBase64\":\""
                  + PIXELS_2X2
                  + "\"},\"lidar\":[],\"conditions\":{\"lighting\":\"midnight\"}}}",
              "tasks[0].frame.conditions.lighting"));
      String withImage =
          "{\"frameId\":\"n1\",\"kind\":\"uncertain\",\"frame\":{\"camera\":{\"width\":2,\"height\":2,\"rgbBase64\":\""
              + PIXELS_2X2
              + "\"},\"lidar\":[],\"cameraImage\":";
      bad.add(
          intake(
              "camera image a PNG",
              p,
              withImage
                  + "{\"width\":64,\"height\":20,\"jpegBase64\":\"iVBORw0KGgo=\",\"crop\":[1,1,5,5]}}}",
              "tasks[0].frame.cameraImage.jpegBase64"));
      bad.add(
          intake(
              "crop off the camera image",
              p,
              withImage
                  + "{\"width\":64,\"height\":20,\"jpegBase64\":\"/9j/4A==\",\"crop\":[60,1,70,5]}}}",
              "tasks[0].frame.cameraImage.crop"));
      bad.add(
          intake(
              "camera image without crop",
              p,
              withImage + "{\"width\":64,\"height\":20,\"jpegBase64\":\"/9j/4A==\"}}}",
              "tasks[0].frame.cameraImage.crop"));
      bad.add(
          intake(
              "neither frame nor uri",
              p,
              "{\"frameId\":\"n1\",\"kind\":\"uncertain\"}",
              "tasks[0].frame"));
      bad.add(
          intake(
              "uri not a uri",
              p,
              "{\"frameId\":\"n1\",\"kind\":\"uncertain\",\"frameUri\":\"not a uri\"}",
              "tasks[0].frameUri"));
      bad.add(
          intake(
              "second task bad, first good",
              p,
              Frames.uncertain("n2", 1)
                  + ",{\"frameId\":\"n3\",\"kind\":7,\"frame\":"
                  + frame
                  + "}",
              "tasks[1].kind"));
      String answerPath = "/api/leases/" + expiredLease + "/answer";
      bad.add(
          new Bad(
              "unknown class",
              "POST",
              answerPath,
              l,
              "{\"answer\":\"spaceship\",\"activeMillis\":5}",
              400,
              "answer"));
      bad.add(
          new Bad(
              "SQL as class",
              "POST",
              answerPath,
              l,
              "{\"answer\":\"car'); delete from answer; --\",\"activeMillis\":5}",
              400,
              "answer"));
      bad.add(
          new Bad(
              "class a number",
              "POST",
              answerPath,
              l,
              "{\"answer\":5,\"activeMillis\":5}",
              400,
              "answer"));
      bad.add(new Bad("no answer", "POST", answerPath, l, "{\"activeMillis\":5}", 400, "answer"));
      bad.add(
          new Bad(
              "activeMillis a string",
              "POST",
              answerPath,
              l,
              "{\"answer\":\"car\",\"activeMillis\":\"lots\"}",
              400,
              "activeMillis"));
      bad.add(
          new Bad(
              "activeMillis negative",
              "POST",
              answerPath,
              l,
              "{\"answer\":\"car\",\"activeMillis\":-5}",
              400,
              "activeMillis"));
      bad.add(new Bad("answer malformed", "POST", answerPath, l, "{\"answer\":", 400, "body"));
      bad.add(
          new Bad(
              "expired lease",
              "POST",
              answerPath,
              l,
              "{\"answer\":\"car\",\"activeMillis\":5}",
              410,
              "leaseId"));
      bad.add(
          new Bad(
              "unknown lease",
              "POST",
              "/api/leases/987654/answer",
              l,
              "{\"answer\":\"car\",\"activeMillis\":5}",
              404,
              "leaseId"));
      bad.add(
          new Bad(
              "SQL as lease id",
              "POST",
              "/api/leases/1%20OR%201=1/answer",
              l,
              "{\"answer\":\"car\",\"activeMillis\":5}",
              400,
              "leaseId"));
      bad.add(
          new Bad(
              "answer too large",
              "POST",
              answerPath,
              l,
              "{\"answer\":\"car\",\"pad\":\"" + "x".repeat(100_000) + "\"}",
              413,
              "body"));
      bad.add(
          new Bad("feed cursor not a number", "GET", "/api/feed?after=abc", p, null, 400, "after"));
      bad.add(new Bad("feed cursor negative", "GET", "/api/feed?after=-1", p, null, 400, "after"));
      bad.add(
          new Bad("feed limit too high", "GET", "/api/feed?limit=100000", p, null, 400, "limit"));
      bad.add(new Bad("unknown task", "GET", "/api/tasks/nope", p, null, 404, "taskId"));
      bad.add(
          new Bad(
              "ledger bad day",
              "GET",
              "/api/labellers/" + labellerId + "/ledger?from=2026-13-40",
              l,
              null,
              400,
              "from"));
      bad.add(
          new Bad(
              "ledger unknown labeller",
              "GET",
              "/api/labellers/l-nobody/ledger",
              a,
              null,
              404,
              "labellerId"));
      bad.add(
          new Bad(
              "unknown role",
              "POST",
              "/api/accounts",
              a,
              "{\"name\":\"eve\",\"role\":\"superuser\"}",
              400,
              "role"));
      bad.add(
          new Bad(
              "SQL as account name",
              "POST",
              "/api/accounts",
              a,
              "{\"name\":\"x'; drop table account; --\",\"role\":\"labeller\"}",
              400,
              "name"));
      bad.add(
          new Bad(
              "existing account name",
              "POST",
              "/api/accounts",
              a,
              "{\"name\":\"tester\",\"role\":\"labeller\"}",
              409,
              "name"));
      bad.add(
          new Bad(
              "negative rate",
              "POST",
              "/api/piece-rates",
              a,
              "{\"cents\":-5,\"currency\":\"EUR\"}",
              400,
              "cents"));
      bad.add(
          new Bad(
              "unknown currency",
              "POST",
              "/api/piece-rates",
              a,
              "{\"cents\":5,\"currency\":\"XYZ1\"}",
              400,
              "currency"));
      bad.add(new Bad("settle without a day", "POST", "/api/pay/settle", a, "", 400, "day"));
      bad.add(
          new Bad("settle a bad day", "POST", "/api/pay/settle?day=2026-02-30", a, "", 400, "day"));
      bad.add(
          new Bad(
              "settle today",
              "POST",
              "/api/pay/settle?day=" + LocalDate.now(ZoneOffset.UTC),
              a,
              "",
              400,
              "day"));
      bad.add(
          new Bad(
              "settle a future day", "POST", "/api/pay/settle?day=2999-01-01", a, "", 400, "day"));
      bad.add(
          new Bad(
              "pay days reversed",
              "GET",
              "/api/pay/days?from=2026-02-01&to=2026-01-01",
              a,
              null,
              400,
              "from"));
      bad.add(new Bad("pay days bad day", "GET", "/api/pay/days?to=soon", a, null, 400, "to"));
      bad.add(new Bad("unknown endpoint", "GET", "/api/nothing-here", a, null, 404, "path"));

      for (Bad b : bad) {
        Api.Response r = api.call(b.method(), b.path(), b.token(), b.body());
        String what = b.what() + " -> " + r.status() + " " + r.body();
        assertThat(r.status()).as(what).isEqualTo(b.status());
        assertThat(r.json()).as(what).isNotNull();
        assertThat(r.json().get("error").asText()).as(what).isNotBlank();
        assertThat(r.json().get("field").asText()).as(what).isEqualTo(b.field());
      }
      // an intake body past 8 MiB, sent as a stream of unknown length
      byte[] huge =
          ("{\"tasks\":["
                  + Frames.uncertain("huge", 1)
                      .replace(
                          "\"source\":\"simulator\"", "\"source\":\"" + "y".repeat(9 << 20) + "\"")
                  + "]}")
              .getBytes();
      Api.Response tooLarge =
          api.call(
              "POST",
              "/api/tasks",
              p,
              HttpRequest.BodyPublishers.ofInputStream(
                  () -> new java.io.ByteArrayInputStream(huge)));
      assertThat(tooLarge.status()).isEqualTo(413);
      assertThat(tooLarge.json().get("field").asText()).isEqualTo("body");

      assertThat(bad.size() + 1).isGreaterThanOrEqualTo(30);
      assertThat(db.rowDigests(ServiceTables.ALL)).isEqualTo(before);
      JsonNode health = api.get("/health", null).json();
      assertThat(health.get("status").asText()).isEqualTo("up");
    }
  }

  private static Bad intake(String what, String token, String task, String field) {
    return new Bad(what, "POST", "/api/tasks", token, "{\"tasks\":[" + task + "]}", 400, field);
  }

  private static long scalar(TestDatabase db, String sql) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
