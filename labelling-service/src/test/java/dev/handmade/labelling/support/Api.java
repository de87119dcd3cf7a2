package dev.handmade.labelling.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A thin HTTP client for the service's API, as the pipeline or a labeller would call it. */
public final class Api {

    public record Response(int status, String body, JsonNode json) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String base;
    private final HttpClient client;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String base() {
        return base;
    }

    public Response call(String method, String path, String token, String body) {
        return call(method, path, token, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
    }

    public Response call(String method, String path, String token, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
        Response r = post("/api/accounts", adminToken, "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        if (r.status() != 201) {
            throw new IllegalStateException("account creation answered " + r.status() + ": " + r.body());
        }
        return r.json().get("token").asText();
    }

    public Response lease(String token) {
        return post("/api/leases", token, "");
    }

    public Response answer(String token, long leaseId, String answer, long activeMillis) {
        String value = answer == null ? "null" : "\"" + answer + "\"";
        return post("/api/leases/" + leaseId + "/answer", token,
                "{\"answer\":" + value + ",\"activeMillis\":" + activeMillis + "}");
    }

    public JsonNode feed(String token, long after, int limit) {
        Response r = get("/api/feed?after=" + after + "&limit=" + limit, token);
        if (r.status() != 200) {
            throw new IllegalStateException("feed answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }
}
