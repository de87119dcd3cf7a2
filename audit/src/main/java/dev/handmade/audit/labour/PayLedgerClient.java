package dev.handmade.audit.labour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.LabourInput.LabellerDay;
import dev.handmade.audit.report.LabourInput.LabellerGold;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the pay ledger ({@code GET /api/pay/days}) and the labellers' gold records
 * ({@code GET /api/labellers}) from a running labelling service, with an auditor or admin token,
 * for reports made outside the service.
 */
public final class PayLedgerClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The most days the service serves in one request. */
  public static final int MAX_DAYS = 366;

  private PayLedgerClient() {}

  /**
   * Every labeller-day from {@code from} to {@code to}, both included, and every labeller's gold
   * record. A service that does not serve the gold records leaves them out, and the source says
   * so: the report then bounds people's error by their disagreement alone.
   */
  public static LabourInput fetch(String baseUrl, String token, LocalDate from, LocalDate to)
      throws IOException {
    String base = baseUrl.replaceAll("/+$", "");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    JsonNode body = get(client, URI.create(base + "/api/pay/days?from=" + from + "&to=" + to), token);
    List<LabellerDay> days = new ArrayList<>();
    for (JsonNode d : body.path("days")) {
      days.add(new LabellerDay(d.path("labellerId").asText(), d.path("day").asText(),
          d.path("tasks").asLong(), d.path("activeMillis").asLong(), d.path("pieceCents").asLong(),
          d.path("topUpCents").asLong(), d.path("settled").asBoolean()));
    }
    String source = "labelling service " + base + ", " + from + " to " + to;
    List<LabellerGold> gold = new ArrayList<>();
    try {
      for (JsonNode l : get(client, URI.create(base + "/api/labellers"), token)) {
        gold.add(new LabellerGold(l.path("labellerId").asText(), l.path("goldAnswers").asLong(),
            l.path("goldCorrect").asLong()));
      }
      source += "; gold records of " + gold.size() + " labellers";
    } catch (IOException e) {
      source += "; no gold records (" + e.getMessage() + ")";
    }
    return new LabourInput(source, body.path("currency").asText("EUR"),
        body.path("minimumHourlyCents").asLong(), days, gold);
  }

  private static JsonNode get(HttpClient client, URI uri, String token) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET()
        .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading " + uri, e);
    }
    if (response.statusCode() != 200) {
      throw new IOException("GET " + uri + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return JSON.readTree(response.body());
  }
}
