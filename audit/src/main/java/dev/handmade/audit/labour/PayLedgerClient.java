package dev.handmade.audit.labour;

import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.LabourInput.LabellerDay;
import dev.handmade.labelling.api.LabellingApiClient;
import dev.handmade.labelling.api.PayDaysView;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.LocalDate;
import java.util.List;

/**
 * Reads the pay ledger from a running labelling service ({@code GET /api/pay/days}, auditor or
 * admin token), for reports made outside the service.
 */
public final class PayLedgerClient {

  private PayLedgerClient() {}

  /** Every labeller-day from {@code from} to {@code to}, both included. */
  public static LabourInput fetch(String baseUrl, String token, LocalDate from, LocalDate to)
      throws IOException {
    LabellingApiClient api = LabellingApiClient.builder().baseUrl(baseUrl).token(token).build();
    PayDaysView ledger;
    try {
      ledger = api.payDays(from, to);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("interrupted while reading the pay ledger at " + api.baseUrl());
      interrupted.initCause(e);
      throw interrupted;
    }
    List<LabellerDay> days = ledger.days().stream()
        .map(d -> new LabellerDay(d.labellerId(), d.day(), d.tasks(), d.activeMillis(), d.pieceCents(),
            d.topUpCents(), d.settled()))
        .toList();
    return new LabourInput("labelling service " + api.baseUrl() + ", " + from + " to " + to,
        ledger.currency() == null ? "EUR" : ledger.currency(), ledger.minimumHourlyCents(), days);
  }
}
