package dev.handmade.pipeline.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reverse proxy in front of the real service that loses the answer of every n-th intake: the
 * service stores the tasks, the caller gets a 502. This is the failure that makes idempotent
 * intake matter (the caller must retry, and the retry must not create the tasks twice), and the
 * one a real network produces when a connection drops after the request was processed.
 */
public final class AnswerLosingProxy implements AutoCloseable {

  private final String target;
  private final int loseEvery;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicInteger intakes = new AtomicInteger();
  private final AtomicInteger lost = new AtomicInteger();
  private final AtomicInteger existingReported = new AtomicInteger();

  public AnswerLosingProxy(String target, int loseEvery) throws IOException {
    this.target = target;
    this.loseEvery = loseEvery;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::forward);
    server.setExecutor(executor);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Intake answers that were lost after the service had stored the tasks. */
  public int lost() {
    return lost.get();
  }

  /** Tasks the service reported as already known, in answers that did reach the caller. */
  public int existingReported() {
    return existingReported.get();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
              .timeout(Duration.ofSeconds(30))
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      for (String header : new String[] {"Authorization", "Content-Type", "Accept"}) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
          request.header(header, value);
        }
      }
      HttpResponse<byte[]> upstream;
      try {
        upstream = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        respond(
            exchange, 502, "{\"error\":\"proxy interrupted\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      boolean intake =
          exchange.getRequestMethod().equals("POST")
              && exchange.getRequestURI().getPath().equals("/api/tasks");
      if (intake && upstream.statusCode() < 300 && intakes.incrementAndGet() % loseEvery == 0) {
        lost.incrementAndGet();
        respond(
            exchange,
            502,
            "{\"error\":\"the proxy lost the answer\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (intake && upstream.statusCode() < 300) {
        JsonNode result = json.readTree(upstream.body());
        existingReported.addAndGet(result.path("existing").asInt());
      }
      respond(exchange, upstream.statusCode(), upstream.body());
    }
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
