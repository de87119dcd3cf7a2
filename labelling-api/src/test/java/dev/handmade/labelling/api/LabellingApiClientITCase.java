package dev.handmade.labelling.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.handmade.schema.ObjectClass;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's side of the HTTP exchange, against a JDK HTTP server that answers what a test
 * sets: the requests it writes, and what it makes of refusals, empty answers and malformed ones.
 * The answers of the real service are the service's and the pipeline's tests.
 */
class LabellingApiClientITCase {

  private record Answer(int status, String body) {}

  private record Seen(
      String method, String path, String authorization, String contentType, String body) {}

  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private HttpServer server;
  private LabellingApiClient client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    client =
        LabellingApiClient.builder()
            .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/")
            .token("admin-token")
            .requestTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
    seen.put(
        key,
        new Seen(
            exchange.getRequestMethod(),
            exchange.getRequestURI().toString(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    Answer answer =
        answers.getOrDefault(
            key, new Answer(404, "{\"error\":\"no such endpoint\",\"field\":\"path\"}"));
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Test
  void requestsAreTheRecordsInTheApisJsonWithTheAccountsToken() throws Exception {
    answers.put(
        "POST /api/leases/7/answer",
        new Answer(
            200,
            "{\"leaseId\":7,\"taskId\":\"t-7\",\"activeMillis\":900,"
                + "\"payCents\":4,\"currency\":\"EUR\",\"today\":null}"));

    AnswerReceipt receipt =
        client.withToken("labeller-token").answer(7, ObjectClass.TRAFFIC_SIGN, 900);

    assertThat(receipt).isEqualTo(new AnswerReceipt(7, "t-7", 900, 4, "EUR", null));
    Seen request = seen.get("POST /api/leases/7/answer");
    assertThat(request.authorization()).isEqualTo("Bearer labeller-token");
    assertThat(request.contentType()).isEqualTo("application/json");
    assertThat(request.body()).isEqualTo("{\"answer\":\"traffic_sign\",\"activeMillis\":900}");
  }

  @Test
  void aPathParameterIsOneEncodedSegment() throws Exception {
    answers.put(
        "GET /api/tasks/drive%2F1%20a",
        new Answer(
            200,
            "{\"taskId\":\"drive/1 a\",\"frameId\":\"f\","
                + "\"kind\":\"audit\",\"priority\":1.5,\"requiredLabels\":2,\"state\":\"open\",\"countedAnswers\":0,"
                + "\"answers\":[]}"));

    assertThat(client.task("drive/1 a"))
        .hasValueSatisfying(t -> assertThat(t.taskId()).isEqualTo("drive/1 a"));
    assertThat(client.task("unknown")).isEmpty();
  }

  @Test
  void nothingToLeaseIsEmpty() throws Exception {
    answers.put("POST /api/leases", new Answer(204, ""));

    assertThat(client.lease()).isEmpty();
  }

  @Test
  void aRefusalCarriesTheStatusAndTheServicesError() {
    answers.put(
        "POST /api/accounts",
        new Answer(400, "{\"error\":\"unknown value 'boss'\",\"field\":\"role\"}"));

    assertThatThrownBy(() -> client.createAccount("someone", "boss"))
        .isInstanceOfSatisfying(
            LabellingApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.refused()).isTrue();
              assertThat(e.error()).isEqualTo(new ErrorBody("unknown value 'boss'", "role"));
              assertThat(e.field()).isEqualTo("role");
              assertThat(e.method()).isEqualTo("POST");
            })
        .hasMessageEndingWith("/api/accounts answered 400: role: unknown value 'boss'");
  }

  @Test
  void aRefusalWithoutTheServicesJsonCarriesTheBody() {
    answers.put("GET /api/queue", new Answer(502, "<html>bad gateway</html>"));

    assertThatThrownBy(() -> client.queue())
        .isInstanceOfSatisfying(
            LabellingApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(502);
              assertThat(e.error()).isNull();
              assertThat(e.reason()).isEqualTo("<html>bad gateway</html>");
            });
  }

  @Test
  void aFeedEntryWithoutARequiredFieldIsAMalformedAnswerNamingIt() {
    answers.put(
        "GET /api/feed",
        new Answer(
            200,
            "{\"entries\":[{\"sequence\":4,\"outcome\":\"verified\","
                + "\"frameId\":\"f\",\"kind\":\"uncertain\",\"label\":\"car\",\"answers\":[],\"agreement\":1,"
                + "\"verifiedAt\":1,\"reason\":null,\"setAside\":[]}],\"next\":4}"));

    assertThatThrownBy(() -> client.feed(0, 10))
        .isInstanceOfSatisfying(
            LabellingApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(200);
              assertThat(e.answered()).isTrue();
              assertThat(e.refused()).isFalse();
            })
        .hasMessageContaining("answered 200 with a body that is not a FeedPage")
        .hasMessageContaining("'taskId'");
    assertThat(seen.get("GET /api/feed").path()).isEqualTo("/api/feed?after=0&limit=10");
  }

  @Test
  void anAnswerOfTheWrongShapeIsMalformed() {
    answers.put(
        "GET /api/pay/days",
        new Answer(
            200,
            "{\"from\":\"2026-11-01\",\"to\":\"2026-11-30\","
                + "\"minimumHourlyCents\":1200,\"currency\":\"EUR\",\"days\":\"none\"}"));

    assertThatThrownBy(() -> client.payDays(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)))
        .isInstanceOf(LabellingApiException.class)
        .hasMessageContaining("not a PayDaysView");
  }

  @Test
  void aFeedRequestOutsideTheServiceLimitsIsRefusedBeforeSending() {
    assertThatThrownBy(() -> client.feed(0, 1001)).hasMessageContaining("limit must be 1..1000");
    assertThatThrownBy(() -> client.feed(-1, 10)).hasMessageContaining("after must be 0 or more");
    assertThat(seen).isEmpty();
  }

  @Test
  void noAnswerIsStatusZeroWithTheCause() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    LabellingApiClient nobody =
        LabellingApiClient.builder().baseUrl("http://127.0.0.1:" + port).token("t").build();

    assertThatThrownBy(() -> nobody.submitTasks(List.of()))
        .isInstanceOfSatisfying(
            LabellingApiException.class,
            e -> {
              assertThat(e.status()).isZero();
              assertThat(e.answered()).isFalse();
              assertThat(e.getCause()).isInstanceOf(ConnectException.class);
              assertThat(e.uri().toString()).isEqualTo("http://127.0.0.1:" + port + "/api/tasks");
            });
  }

  @Test
  void aBaseUrlThatIsNotHttpIsRefused() {
    assertThatThrownBy(() -> LabellingApiClient.builder().baseUrl("ftp://host").token("t").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> LabellingApiClient.builder().baseUrl("http://host").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token");
  }
}
