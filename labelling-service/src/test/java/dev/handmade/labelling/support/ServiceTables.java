package dev.handmade.labelling.support;

import java.util.List;

/** Every table of the service's schema, for tests that check a request changed no row. */
public final class ServiceTables {

  public static final List<String> ALL =
      List.of(
          "account",
          "frame",
          "task",
          "lease",
          "answer",
          "piece_rate",
          "pay_entry",
          "pay_day_total",
          "pay_day_settled",
          "feed_pending",
          "feed");

  private ServiceTables() {}
}
