package dev.handmade.infra.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The parts of Flink's REST API a team uses to run a job on a session cluster: upload a jar
 * ({@code POST /jars/upload}), run it ({@code POST /jars/:id/run}), watch the job and its
 * checkpoints, and cancel it. Errors come back as {@link IOException} with Flink's own message.
 */
public final class FlinkRestClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public FlinkRestClient(URI base) {
    String url = base.toString().replaceAll("/+$", "");
    this.base = URI.create(url.contains("://") ? url : "http://" + url);
  }

  public URI base() {
    return base;
  }

  /** {@code GET /overview}: TaskManagers, slots, jobs by state. */
  public JsonNode overview() throws IOException {
    return get("/overview");
  }

  /** Uploads a job jar; returns the id {@code /jars/:id/run} takes. */
  public String uploadJar(Path jar) throws IOException {
    String boundary = "handmade-" + UUID.randomUUID();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
            + jar.getFileName()
            + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/jars/upload"))
            .timeout(Duration.ofMinutes(5))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(
                HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofString(head),
                    HttpRequest.BodyPublishers.ofFile(jar),
                    HttpRequest.BodyPublishers.ofString(tail)))
            .build();
    String file = send(request).path("filename").asText();
    if (file.isEmpty()) {
      throw new IOException("the upload of " + jar + " named no file");
    }
    return Path.of(file).getFileName().toString();
  }

  /**
   * Runs an uploaded jar's main class with these arguments; returns the job id.
   *
   * @param savepointPath a checkpoint or savepoint to restore from, if any
   */
  public String runJar(
      String jarId,
      String entryClass,
      List<String> programArgs,
      int parallelism,
      Optional<String> savepointPath)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("entryClass", entryClass);
    body.putPOJO("programArgsList", programArgs);
    body.put("parallelism", parallelism);
    savepointPath.ifPresent(p -> body.put("savepointPath", p));
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/jars/" + encode(jarId) + "/run"))
            .timeout(Duration.ofMinutes(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    String jobId = send(request).path("jobid").asText();
    if (jobId.isEmpty()) {
      throw new IOException("running " + jarId + " started no job");
    }
    return jobId;
  }

  /** {@code GET /taskmanagers}: every registered TaskManager, its id and its free slots. */
  public JsonNode taskManagers() throws IOException {
    return get("/taskmanagers");
  }

  /** {@code GET /jobs}: every job's id and status. */
  public JsonNode jobs() throws IOException {
    return get("/jobs");
  }

  /** The job's state: CREATED, RUNNING, RESTARTING, FAILED, CANCELED, FINISHED, ... */
  public String jobState(String jobId) throws IOException {
    return get("/jobs/" + encode(jobId)).path("state").asText();
  }

  /** {@code GET /jobs/:id}: the job with its vertices and their metrics. */
  public JsonNode job(String jobId) throws IOException {
    return get("/jobs/" + encode(jobId));
  }

  /** {@code GET /jobs/:id/checkpoints}: counts and the latest completed checkpoint. */
  public JsonNode checkpoints(String jobId) throws IOException {
    return get("/jobs/" + encode(jobId) + "/checkpoints");
  }

  /** {@code GET /jobs/:id/exceptions}: the root exception and the history of failures. */
  public JsonNode exceptions(String jobId) throws IOException {
    return get("/jobs/" + encode(jobId) + "/exceptions");
  }

  /** Aggregated metrics of one vertex's subtasks, e.g. {@code busyTimeMsPerSecond}. */
  public JsonNode vertexMetrics(String jobId, String vertexId, String... metrics)
      throws IOException {
    return get(
        "/jobs/"
            + encode(jobId)
            + "/vertices/"
            + encode(vertexId)
            + "/subtasks/metrics?get="
            + encode(String.join(",", metrics)));
  }

  /** A job-level metric, e.g. {@code numRestarts}; -1 when the job does not report it (yet). */
  public long jobMetric(String jobId, String metric) throws IOException {
    for (JsonNode m : get("/jobs/" + encode(jobId) + "/metrics?get=" + encode(metric))) {
      if (m.path("id").asText().equals(metric)) {
        return m.path("value").asLong(-1);
      }
    }
    return -1;
  }

  /** Cancels the job; its retained checkpoints stay where they are. */
  public void cancel(String jobId) throws IOException {
    send(
        HttpRequest.newBuilder(base.resolve("/jobs/" + encode(jobId) + "?mode=cancel"))
            .timeout(Duration.ofSeconds(30))
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .build());
  }

  private JsonNode get(String path) throws IOException {
    return send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  private JsonNode send(HttpRequest request) throws IOException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + request.method() + " " + request.uri(), e);
    }
    JsonNode body =
        response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    if (response.statusCode() >= 300) {
      throw new IOException(
          request.method()
              + " "
              + request.uri().getPath()
              + " answered "
              + response.statusCode()
              + ": "
              + body.path("errors"));
    }
    return body;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
