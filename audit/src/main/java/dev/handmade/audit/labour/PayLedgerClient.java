package dev.handmade.audit.labour;

import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.LabourInput.LabellerDay;
import dev.handmade.audit.report.LabourInput.LabellerGold;
import dev.handmade.labelling.api.LabellingApiClient;
import dev.handmade.labelling.api.LabellingApiException;
import dev.handmade.labelling.api.PayDaysView;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.LocalDate;
import java.util.List;

/**
 * Reads the pay ledger ({@code GET /api/pay/days}) and the labellers' gold records
 * ({@code GET /api/labellers}) from a running labelling service, with an auditor or admin token,
 * for reports made outside the service.
 */
public final class PayLedgerClient {

  private PayLedgerClient() {}

  /**
   * Every labeller-day from {@code from} to {@code to}, both included, and every labeller's gold
   * record. A service that does not serve the gold records leaves them out, and the source says
   * so: the report then bounds people's error by their disagreement alone.
   */
  public static LabourInput fetch(String baseUrl, String token, LocalDate from, LocalDate to)
      throws IOException {
    LabellingApiClient api = LabellingApiClient.builder().baseUrl(baseUrl).token(token).build();
    PayDaysView ledger;
    List<LabellerGold> gold = List.of();
    String source = "labelling service " + api.baseUrl() + ", " + from + " to " + to;
    try {
      ledger = api.payDays(from, to);
      try {
        gold =
            api.labellers().stream()
                .map(l -> new LabellerGold(l.labellerId(), l.goldAnswers(), l.goldCorrect()))
                .toList();
        source += "; gold records of " + gold.size() + " labellers";
      } catch (LabellingApiException e) {
        source += "; no gold records (" + e.getMessage() + ")";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException(
              "interrupted while reading the pay ledger at " + api.baseUrl());
      interrupted.initCause(e);
      throw interrupted;
    }
    List<LabellerDay> days =
        ledger.days().stream()
            .map(
                d ->
                    new LabellerDay(
                        d.labellerId(),
                        d.day(),
                        d.tasks(),
                        d.activeMillis(),
                        d.pieceCents(),
                        d.topUpCents(),
                        d.settled()))
            .toList();
    return new LabourInput(
        source,
        ledger.currency() == null ? "EUR" : ledger.currency(),
        ledger.minimumHourlyCents(),
        days,
        gold);
  }
}
