package dev.handmade.labelling.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.labelling.api.AccountView;
import dev.handmade.labelling.api.AnswerRequest;
import dev.handmade.labelling.api.NewAccountRequest;
import dev.handmade.labelling.api.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The service's API at the level of HTTP, for tests of what it answers to any request, hostile
 * ones included: status, body and JSON tree. Well-formed bodies are the API's records, written
 * with its mapper; callers that only need the answers use {@code LabellingApiClient}.
 */
public final class Api {

  public record Response(int status, String body, JsonNode json) {}

  private static final ObjectMapper MAPPER = Wire.mapper();

  private final String base;
  private final HttpClient client;

  public Api(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  public String base() {
    return base;
  }

  public Response call(String method, String path, String token, String body) {
    return call(
        method,
        path,
        token,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
  }

  public Response call(String method, String path, String token, HttpRequest.BodyPublisher body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .method(method, body);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      String text = response.body();
      if (text != null && !text.isEmpty() && (text.startsWith("{") || text.startsWith("["))) {
        json = MAPPER.readTree(text);
      }
      return new Response(response.statusCode(), text, json);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Response get(String path, String token) {
    return call("GET", path, token, (String) null);
  }

  public Response post(String path, String token, String body) {
    return call("POST", path, token, body);
  }

  public Response intake(String pipelineToken, String tasksJson) {
    return post("/api/tasks", pipelineToken, "{\"tasks\":[" + tasksJson + "]}");
  }

  /** Creates an account with the admin token and returns its token. */
  public String newAccount(String adminToken, String name, String role) {
    Response r = post("/api/accounts", adminToken, json(new NewAccountRequest(name, role)));
    if (r.status() != 201) {
      throw new IllegalStateException("account creation answered " + r.status() + ": " + r.body());
    }
    return MAPPER.convertValue(r.json(), AccountView.class).token();
  }

  public Response lease(String token) {
    return post("/api/leases", token, "");
  }

  public Response answer(String token, long leaseId, String answer, long activeMillis) {
    AnswerRequest body =
        new AnswerRequest(answer == null ? null : Wire.objectClassOf(answer), activeMillis);
    return post("/api/leases/" + leaseId + "/answer", token, json(body));
  }

  public JsonNode feed(String token, long after, int limit) {
    Response r = get("/api/feed?after=" + after + "&limit=" + limit, token);
    if (r.status() != 200) {
      throw new IllegalStateException("feed answered " + r.status() + ": " + r.body());
    }
    return r.json();
  }

  private static String json(Object body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
