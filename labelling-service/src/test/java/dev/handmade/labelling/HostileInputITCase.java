package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.labelling.support.Api;
import dev.handmade.labelling.support.AuditLogs;
import dev.handmade.labelling.support.AuditedService;
import dev.handmade.labelling.support.Frames;
import dev.handmade.labelling.support.RawHttp;
import dev.handmade.labelling.support.RunningService;
import dev.handmade.labelling.support.ServiceTables;
import dev.handmade.storage.S3ProxyExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A corpus of malformed and hostile requests over every endpoint and every role, sent byte for
 * byte: no answer is a 5xx, every 4xx is JSON that names the problem (and none of the parser's
 * internals), and no table changes.
 */
class HostileInputITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final List<String> LEAKS =
      List.of(
          "StreamReadConstraints",
          "JsonReadFeature",
          "com.fasterxml",
          "jackson",
          "Exception",
          "at [Source",
          "org.eclipse",
          "<html",
          "PSQL",
          "SQL state");
  private static final ObjectMapper JSON = new ObjectMapper();

  static AuditedService service;
  static Api api;
  static RawHttp raw;
  static final Map<String, String> TOKENS = new LinkedHashMap<>();
  static String labellerId;
  static long liveLease;
  static long othersLease;

  record Hostile(
      String what,
      String method,
      String target,
      String token,
      Map<String, String> headers,
      byte[] body) {
    Hostile with(String how, String newToken) {
      return new Hostile(how + ": " + what, method, target, newToken, headers, body);
    }
  }

  @BeforeAll
  static void start() {
    service = new AuditedService(S3);
    api = service.api();
    raw = new RawHttp(service.port());
    api.intake(
        RunningService.PIPELINE, Frames.uncertain("h1", 2) + "," + Frames.uncertain("h2", 1));
    String labeller = api.newAccount(RunningService.ADMIN, "hostile-labeller", "labeller");
    String other = api.newAccount(RunningService.ADMIN, "hostile-other", "labeller");
    liveLease = api.lease(labeller).json().get("leaseId").asLong();
    othersLease = api.lease(other).json().get("leaseId").asLong();
    labellerId = api.get("/api/me", labeller).json().get("labellerId").asText();
    TOKENS.put("labeller", labeller);
    TOKENS.put("auditor", service.auditorToken());
    TOKENS.put("admin", RunningService.ADMIN);
    TOKENS.put("pipeline", RunningService.PIPELINE);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void noHostileRequestGetsAServerErrorOrChangesARow() throws Exception {
    Map<String, String> before = service.db().rowDigests(ServiceTables.ALL);
    List<Hostile> corpus = corpus();
    Map<Integer, Integer> byStatus = new TreeMap<>();
    Map<String, Integer> byClass = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (Hostile h : corpus) {
      RawHttp.Response r = send(h);
      byStatus.merge(r.status(), 1, Integer::sum);
      byClass.merge(r.status() < 0 ? "none" : (r.status() / 100) + "xx", 1, Integer::sum);
      if (r.status() < 300) {
        System.out.println(
            "hostile request answered "
                + r.status()
                + ": "
                + h.what()
                + " ["
                + h.method()
                + " "
                + clip(h.target())
                + "]");
      }
      String problem = problem(r);
      if (problem != null) {
        failures.add(
            h.what()
                + " ["
                + h.method()
                + " "
                + clip(h.target())
                + "] -> "
                + r.status()
                + " "
                + clip(r.body())
                + ": "
                + problem);
      }
    }
    for (byte[] request : rawRequests()) {
      RawHttp.Response r = raw.send(request);
      byStatus.merge(r.status(), 1, Integer::sum);
      byClass.merge(r.status() < 0 ? "none" : (r.status() / 100) + "xx", 1, Integer::sum);
      String problem = problem(r);
      if (problem != null) {
        failures.add(
            "raw "
                + clip(new String(request, StandardCharsets.ISO_8859_1))
                + " -> "
                + r.status()
                + " "
                + clip(r.body())
                + ": "
                + problem);
      }
    }
    int total = corpus.size() + rawRequests().size();
    System.out.println(
        "hostile corpus: " + total + " requests; by class " + byClass + "; by status " + byStatus);
    assertThat(total).isGreaterThanOrEqualTo(250);
    assertThat(failures).isEmpty();
    assertThat(byClass).doesNotContainKey("none");
    assertThat(byStatus.keySet())
        .as("5xx other than 505 for an unknown HTTP version")
        .allMatch(status -> status < 500 || status == 505);
    assertThat(service.db().rowDigests(ServiceTables.ALL))
        .as("no row of any table changed")
        .isEqualTo(before);
    assertThat(api.get("/health", null).json().get("status").asText()).isEqualTo("up");
  }

  /** Null when the answer is what a hostile request should get; otherwise what is wrong with it. */
  private static String problem(RawHttp.Response r) {
    if (r.status() < 0) {
      return "no HTTP answer";
    }
    // 505 is the one 5xx that HTTP defines for a client's mistake (a version it does not speak)
    if (r.status() >= 500 && r.status() != 505) {
      return "server error";
    }
    if (r.status() >= 400) {
      String type = r.header("Content-Type");
      if (type == null || !type.startsWith("application/json")) {
        return "not JSON: " + type;
      }
      try {
        JsonNode json = JSON.readTree(r.body());
        if (json == null || !json.hasNonNull("error") || json.get("error").asText().isBlank()) {
          return "no error message";
        }
      } catch (Exception e) {
        return "unreadable JSON";
      }
      for (String leak : LEAKS) {
        if (r.body().contains(leak)) {
          return "leaks '" + leak + "'";
        }
      }
      if (!"no-store".equals(r.header("Cache-Control"))
          || !"nosniff".equals(r.header("X-Content-Type-Options"))) {
        return "without Cache-Control: no-store and X-Content-Type-Options: nosniff";
      }
    }
    return null;
  }

  private static RawHttp.Response send(Hostile h) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (h.token() != null) {
      headers.put(
          "Authorization",
          h.token().startsWith("!") ? h.token().substring(1) : "Bearer " + h.token());
    }
    headers.putAll(h.headers());
    return raw.request(h.method(), h.target(), headers, h.body());
  }

  static List<Hostile> corpus() {
    List<Hostile> corpus = new ArrayList<>();
    String live = "/api/leases/" + liveLease;
    String frame = Frames.uncertain("hostile-new", 1);
    // a valid body for each endpoint: refused for its token, type or path only, never for the body
    List<Hostile> endpoints =
        List.of(
            json("POST", "/api/tasks", "{\"tasks\":[" + frame + "]}"),
            json("GET", "/api/tasks/h1", null),
            json("GET", "/api/feed?after=0", null),
            json("GET", "/api/queue", null),
            json("POST", "/api/leases", ""),
            json("POST", live + "/answer", "{\"answer\":\"car\",\"activeMillis\":1}"),
            json("DELETE", live, null),
            json("GET", "/api/me", null),
            json("GET", "/api/me/today", null),
            json("GET", "/api/labellers", null),
            json("GET", "/api/labellers/" + labellerId + "/ledger", null),
            json("POST", "/api/accounts", "{\"name\":\"made-by-hostile\",\"role\":\"admin\"}"),
            json("POST", "/api/piece-rates", "{\"cents\":1,\"currency\":\"EUR\"}"),
            json("POST", "/api/pay/settle?day=2020-01-01", ""),
            json("GET", "/api/pay/days", null),
            json("GET", "/api/audit/report", null),
            json("GET", "/api/audit/report.html", null),
            json("GET", "/api/audit/frames/" + AuditLogs.BY_PEOPLE, null));
    Map<String, Set<String>> allowed =
        Map.ofEntries(
            Map.entry("/api/tasks", Set.of("pipeline", "admin")),
            Map.entry("/api/tasks/h1", Set.of("pipeline", "admin", "auditor")),
            Map.entry("/api/feed?after=0", Set.of("pipeline", "admin", "auditor")),
            Map.entry("/api/queue", Set.of("pipeline", "admin", "auditor")),
            Map.entry("/api/leases", Set.of("labeller")),
            Map.entry(live + "/answer", Set.of("labeller")),
            Map.entry(live, Set.of("labeller")),
            Map.entry("/api/me", Set.of("labeller", "auditor", "admin", "pipeline")),
            Map.entry("/api/me/today", Set.of("labeller", "auditor", "admin", "pipeline")),
            Map.entry("/api/labellers", Set.of("admin", "auditor")),
            Map.entry(
                "/api/labellers/" + labellerId + "/ledger", Set.of("labeller", "admin", "auditor")),
            Map.entry("/api/accounts", Set.of("admin")),
            Map.entry("/api/piece-rates", Set.of("admin")),
            Map.entry("/api/pay/settle?day=2020-01-01", Set.of("admin")),
            Map.entry("/api/pay/days", Set.of("admin", "auditor")),
            Map.entry("/api/audit/report", Set.of("auditor", "admin")),
            Map.entry("/api/audit/report.html", Set.of("auditor", "admin")),
            Map.entry("/api/audit/frames/" + AuditLogs.BY_PEOPLE, Set.of("auditor", "admin")));

    // 1. no token, malformed or unknown tokens, on every endpoint
    List<String> badAuth =
        List.of(
            "!",
            "!Bearer",
            "!Bearer    ",
            "!Basic YWRtaW46YWRtaW4=",
            "hm_unknown-token",
            "x".repeat(4000),
            "!bearer" + "\u00e9t\u00e9",
            "' or 1=1 --");
    for (Hostile e : endpoints) {
      corpus.add(e.with("no token", null));
      for (String token : badAuth) {
        corpus.add(e.with("bad token " + clip(token), token));
      }
    }
    // 2. every role an endpoint does not allow
    for (Hostile e : endpoints) {
      for (Map.Entry<String, String> role : TOKENS.entrySet()) {
        if (!allowed.get(e.target()).contains(role.getKey())) {
          corpus.add(e.with("as " + role.getKey(), role.getValue()));
        }
      }
    }
    // 3. hostile days: the requests first, then more of their kind on every day parameter
    String ledger = "/api/labellers/" + labellerId + "/ledger";
    for (String token : List.of(RunningService.ADMIN, service.auditorToken())) {
      corpus.add(
          get(
              "issue: ledger far past",
              ledger + "?from=-999999999-01-01&to=-999999999-01-02",
              token));
      corpus.add(
          get(
              "issue: ledger far future",
              ledger + "?from=+999999999-12-01&to=+999999999-12-31",
              token));
      corpus.add(
          get(
              "issue: pay days far past",
              "/api/pay/days?from=-999999999-01-01&to=-999999999-01-02",
              token));
      corpus.add(
          get(
              "issue: pay days far future",
              "/api/pay/days?from=+999999999-12-01&to=+999999999-12-31",
              token));
      corpus.add(
          get("issue: pay days past PostgreSQL", "/api/pay/days?from=+5874898-01-01", token));
    }
    corpus.add(
        json("POST", "/api/pay/settle?day=-999999999-01-01", "")
            .with("issue: settle far past", RunningService.ADMIN));
    List<String> days =
        List.of(
            "-999999999-01-01",
            "+999999999-12-31",
            "+5874898-01-01",
            "+5874897-12-31",
            "-4713-01-01",
            "0000-01-01",
            "1969-12-31",
            "10000-01-01",
            "2026-02-30",
            "2026-13-01",
            "2026-1-1",
            "20260101",
            "2026-01-01T00:00",
            "yesterday",
            "%27%20or%201%3D1--",
            "2026-01-01%00",
            "%F0%9F%92%A3",
            "9".repeat(300));
    for (String day : days) {
      corpus.add(
          get(
              "ledger from " + clip(day),
              ledger + "?from=" + day + "&to=2026-01-01",
              RunningService.ADMIN));
      corpus.add(get("ledger to " + clip(day), ledger + "?to=" + day, TOKENS.get("labeller")));
      corpus.add(
          get("pay days from " + clip(day), "/api/pay/days?from=" + day, RunningService.ADMIN));
      corpus.add(
          get("pay days to " + clip(day), "/api/pay/days?to=" + day, service.auditorToken()));
      corpus.add(
          json("POST", "/api/pay/settle?day=" + day, "")
              .with("settle " + clip(day), RunningService.ADMIN));
    }
    corpus.add(
        get(
            "pay days 1970 to 9999",
            "/api/pay/days?from=1970-01-01&to=9999-12-31",
            RunningService.ADMIN));
    corpus.add(
        get(
            "pay days reversed",
            "/api/pay/days?from=9999-12-31&to=1970-01-01",
            RunningService.ADMIN));
    corpus.add(
        get("ledger of 367 days", ledger + "?from=2025-01-01&to=2026-01-03", RunningService.ADMIN));

    // 4. bodies that are not the JSON asked for, on every endpoint that reads one
    Map<String, String> jsonEndpoints =
        Map.of(
            "/api/tasks",
            RunningService.PIPELINE,
            live + "/answer",
            TOKENS.get("labeller"),
            "/api/accounts",
            RunningService.ADMIN,
            "/api/piece-rates",
            RunningService.ADMIN);
    List<byte[]> bodies =
        List.of(
            b("{"),
            b("[]"),
            b("null"),
            b("\"text\""),
            b("{\"a\":NaN}"),
            b("{\"answer\":\"car\",\"activeMillis\":Infinity}"),
            b("{\"cents\":1e999999,\"currency\":\"EUR\"}"),
            b("{\"cents\":" + "9".repeat(2000) + ",\"currency\":\"EUR\"}"),
            b("[".repeat(3000)),
            b("{\"tasks\":" + "[".repeat(2000) + "]".repeat(2000) + "}"),
            new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'},
            b("\ufeff{\"name\":\"bom\"}"),
            b("{} trailing"),
            b("{\"name\":\"" + "n".repeat(70_000) + "\"}"),
            b("{\"name\":\"x\u0000y\",\"role\":\"admin\"}"),
            b(
                "{\"tasks\":[{\"frameId\":\"h9\",\"kind\":\"uncertain\",\"frame\":{\"camera\":{\"width\":1e9}}}]}"),
            b("{'single':'quotes'}"),
            b("/* comment */ {}"));
    for (Map.Entry<String, String> e : jsonEndpoints.entrySet()) {
      for (byte[] body : bodies) {
        corpus.add(
            new Hostile(
                "body " + clip(new String(body, StandardCharsets.UTF_8)),
                "POST",
                e.getKey(),
                e.getValue(),
                Map.of("Content-Type", "application/json"),
                body));
      }
      // a valid body of the wrong type: refused before it is read
      byte[] valid =
          b(
              e.getKey().equals("/api/tasks")
                  ? "{\"tasks\":[" + frame + "]}"
                  : e.getKey().equals("/api/accounts")
                      ? "{\"name\":\"by-text-plain\",\"role\":\"admin\"}"
                      : e.getKey().equals("/api/piece-rates")
                          ? "{\"cents\":0,\"currency\":\"EUR\"}"
                          : "{\"answer\":\"car\",\"activeMillis\":1}");
      for (String type :
          List.of(
              "text/plain",
              "application/x-www-form-urlencoded",
              "multipart/form-data; boundary=x",
              "application/jsonx",
              "application/xml")) {
        corpus.add(
            new Hostile(
                "JSON as " + type,
                "POST",
                e.getKey(),
                e.getValue(),
                Map.of("Content-Type", type),
                valid));
      }
      corpus.add(
          new Hostile(
              "JSON without Content-Type", "POST", e.getKey(), e.getValue(), Map.of(), valid));
      corpus.add(
          new Hostile(
              "declared larger than allowed",
              "POST",
              e.getKey(),
              e.getValue(),
              Map.of("Content-Type", "application/json", "Content-Length", "99999999999"),
              b("{}")));
    }
    // 5. paths and query parameters
    for (String id :
        List.of(
            "abc",
            "-1",
            "99999999999999999999",
            "1.5",
            "%00",
            "1%20OR%201=1",
            "0x10",
            Long.toString(othersLease),
            "987654321")) {
      corpus.add(
          json("POST", "/api/leases/" + id + "/answer", "{\"answer\":\"car\",\"activeMillis\":1}")
              .with("answer lease " + id, TOKENS.get("labeller")));
      corpus.add(
          json("DELETE", "/api/leases/" + id, null)
              .with("release lease " + id, TOKENS.get("labeller")));
    }
    for (String q :
        List.of(
            "after=-1",
            "after=abc",
            "after=1e3",
            "after=99999999999999999999",
            "limit=0",
            "limit=-5",
            "limit=1001",
            "limit=abc",
            "after=%00",
            "limit=1&limit=abc")) {
      corpus.add(get("feed " + q, "/api/feed?" + q, RunningService.PIPELINE));
    }
    for (String path :
        List.of(
            "/api/tasks/%00",
            "/api/tasks/..%2f..%2fetc%2fpasswd",
            "/api/tasks/" + "t".repeat(300),
            "/api/tasks/%E2%80%AE",
            "/api/audit/frames/..%2f..%2fsecret",
            "/api/audit/frames/%00",
            "/api/audit/frames/" + "f".repeat(300),
            "/api/audit/report?format=pdf",
            "/api/nothing",
            "/api/labellers/l-nobody/ledger",
            "/api/labellers/%00/ledger",
            "/api/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/api/tasks/h1;jsessionid=x",
            "/api//tasks")) {
      corpus.add(get("path " + clip(path), path, RunningService.ADMIN));
    }
    for (String method : List.of("PUT", "PATCH", "TRACE", "PROPFIND")) {
      corpus.add(json(method, "/api/tasks", "{}").with(method + " on tasks", RunningService.ADMIN));
    }
    return corpus;
  }

  /** Requests that only a raw socket sends: what Jetty itself refuses. */
  static List<byte[]> rawRequests() {
    String host = "Host: 127.0.0.1\r\nConnection: close\r\n";
    return List.of(
        b("GET /health HTTP/3.0\r\n" + host + "\r\n"),
        b("GET /health HTTP/9.9\r\n" + host + "\r\n"),
        b("GET /health HTTP/1.1\r\nConnection: close\r\n\r\n"),
        b("BLAH\r\n\r\n"),
        b("GET /" + "a".repeat(70_000) + " HTTP/1.1\r\n" + host + "\r\n"),
        b("GET /api/me HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(20_000) + "\r\n\r\n"),
        b("GET /api/me HTTP/1.1\r\n" + host + "X-Many: x\r\n".repeat(2000) + "\r\n"),
        b("POST /api/tasks HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n"),
        b("POST /api/tasks HTTP/1.1\r\n" + host + "Content-Length: abc\r\n\r\n"),
        b(
            "POST /api/tasks HTTP/1.1\r\n"
                + host
                + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
        b(
            "POST /api/tasks HTTP/1.1\r\n"
                + host
                + "Authorization: Bearer "
                + RunningService.PIPELINE
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
        b("GET /api/me HTTP/1.1\r\n" + host + "Bad Header: x\r\n\r\n"),
        b("GET /api/me\u0001 HTTP/1.1\r\n" + host + "\r\n"),
        b("GET /%zz HTTP/1.1\r\n" + host + "\r\n"),
        b("GET /api/tasks/%2F..%2F HTTP/1.1\r\n" + host + "\r\n"),
        b("GET /api/me HTTP/1.1\r\n" + host + "Authorization: Bearer \u00ff\u00fe\r\n\r\n"));
  }

  @Test
  void pagesAndAnswersCarryTheSecurityHeaders() {
    for (String page : List.of("/labeller.html", "/auditor.html", "/labeller.js")) {
      RawHttp.Response r = raw.request("GET", page, Map.of(), null);
      assertThat(r.status()).as(page).isEqualTo(200);
      assertThat(r.header("Content-Security-Policy"))
          .as(page)
          .contains("frame-ancestors 'none'")
          .contains("default-src 'self'");
      assertThat(r.header("X-Content-Type-Options")).as(page).isEqualTo("nosniff");
      assertThat(r.header("Referrer-Policy")).as(page).isEqualTo("no-referrer");
    }
    for (String answer : List.of("/api/queue", "/api/feed", "/api/me")) {
      RawHttp.Response r =
          raw.request(
              "GET", answer, Map.of("Authorization", "Bearer " + RunningService.ADMIN), null);
      assertThat(r.status()).as(answer).isEqualTo(200);
      assertThat(r.header("Cache-Control")).as(answer).isEqualTo("no-store");
      assertThat(r.header("X-Content-Type-Options")).as(answer).isEqualTo("nosniff");
    }
  }

  /**
   * The 300 trickled bodies, scaled down: one labeller's token sends 60 bodies a byte
   * at a time. They get 429 past a few at once and 408 once too slow; /health and another
   * account's /api/me keep answering at once.
   */
  @Test
  void slowBodiesOfOneTokenDoNotStarveTheService() throws Exception {
    String slowToken = api.newAccount(RunningService.ADMIN, "slow-sender", "labeller");
    ExecutorService pool = Executors.newFixedThreadPool(60);
    try {
      List<Future<Integer>> trickles = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        trickles.add(pool.submit(() -> trickle(slowToken)));
      }
      long worst = 0;
      for (int i = 0; i < 20; i++) {
        long started = System.nanoTime();
        assertThat(api.get("/health", null).status()).isEqualTo(200);
        assertThat(api.get("/api/me", RunningService.ADMIN).status()).isEqualTo(200);
        worst = Math.max(worst, System.nanoTime() - started);
        // spreads the probes over the trickles' lifetime
        Thread.sleep(200);
      }
      Map<Integer, Integer> statuses = new TreeMap<>();
      for (Future<Integer> t : trickles) {
        statuses.merge(t.get(60, TimeUnit.SECONDS), 1, Integer::sum);
      }
      System.out.println(
          "60 trickled bodies of one token: answers "
              + statuses
              + "; slowest /health + /api/me meanwhile "
              + TimeUnit.NANOSECONDS.toMillis(worst)
              + " ms");
      assertThat(worst).isLessThan(TimeUnit.SECONDS.toNanos(2));
      assertThat(statuses.keySet())
          .allMatch(s -> s == 408 || s == 429 || s == 400, "408, 429 or 400 only");
    } finally {
      pool.shutdownNow();
    }
  }

  /** A body of 2000 declared bytes, sent a byte every 100 ms; the status that came back. */
  private static int trickle(String token) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", service.port()), 5000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          b(
              "POST /api/leases HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer "
                  + token
                  + "\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n"));
      out.flush();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < 100 && in.available() == 0; i++) {
        try {
          out.write(' ');
          out.flush();
        } catch (java.io.IOException closed) {
          break;
        }
        Thread.sleep(100);
      }
      byte[] head = in.readNBytes(12);
      String line = new String(head, StandardCharsets.ISO_8859_1);
      return line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : -1;
    }
  }

  private static Hostile json(String method, String target, String body) {
    return new Hostile(
        method + " " + target,
        method,
        target,
        null,
        body == null ? Map.of() : Map.of("Content-Type", "application/json"),
        body == null ? null : b(body));
  }

  private static Hostile get(String what, String target, String token) {
    return new Hostile(what, "GET", target, token, Map.of(), null);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String clip(String s) {
    String flat = s.replaceAll("[\\r\\n]+", " ");
    return flat.length() > 80 ? flat.substring(0, 80) + "..." : flat;
  }
}
