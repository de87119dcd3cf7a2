package dev.handmade.audit.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.audit.report.AuditReport.TimePoint;
import dev.handmade.audit.report.AuditReport.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportChartsTest {

  /** A point of the share line, and a segment of it, in the machine's colour. */
  private static final String MARKER = "<ellipse [^>]*fill:rgb\\(59,110,168\\)";

  private static final String SEGMENT = "<line [^>]*stroke:rgb\\(59,110,168\\)";

  @Test
  void anSvgIsReadyToInlineAndKeepsItsIdsToItself() {
    String svg =
        ReportCharts.svg(ReportCharts.decisionsOverTime(SampleReports.timeline()), "chart-a");

    assertThat(svg)
        .startsWith(
            "<svg id=\"chart-a\" class=\"chart\" role=\"img\" "
                + "aria-label=\"Decisions per 15 minutes\"")
        .endsWith("</svg>")
        .contains("viewBox=")
        .doesNotContain("<?xml", "<!DOCTYPE");
    Matcher ids = Pattern.compile(" id=\"([^\"]+)\"").matcher(svg);
    int count = 0;
    while (ids.find()) {
      assertThat(ids.group(1)).startsWith("chart-a");
      count++;
    }
    assertThat(count).as("the chart and its clip paths").isGreaterThan(1);
    Matcher references = Pattern.compile("url\\(#([^)]+)\\)").matcher(svg);
    while (references.find()) {
      assertThat(svg).contains(" id=\"" + references.group(1) + "\"");
    }
    assertThat(svg)
        .as("the same chart, the same bytes: no random clip ids")
        .isEqualTo(
            ReportCharts.svg(ReportCharts.decisionsOverTime(SampleReports.timeline()), "chart-a"));
  }

  @Test
  void timeLabelsAreAsShortAsStaysUnique() {
    Timeline twoDays = SampleReports.timeline();
    assertThat(ReportCharts.timeLabels(twoDays))
        .hasSize(108)
        .doesNotHaveDuplicates()
        .startsWith("11-27 08:00", "11-27 08:15")
        .endsWith("11-28 10:45");
    Timeline morning = timeline(60, "2026-11-29T08:00:00Z", 3);
    assertThat(ReportCharts.timeLabels(morning)).containsExactly("08:00", "08:01", "08:02");
    Timeline days = timeline(86_400, "2026-11-29T00:00:00Z", 2);
    assertThat(ReportCharts.timeLabels(days)).containsExactly("2026-11-29", "2026-11-30");
  }

  @Test
  void aBucketWithoutDecisionsIsAGapInTimeButNotInLabels() {
    // minutes 0 and 1 decided, 2 and 3 empty, 4 decided
    Timeline timeline = timeline(60, "2026-11-29T08:00:00Z", 5, 2, 3);
    String overTime = ReportCharts.svg(ReportCharts.machineShareOverTime(timeline), "chart-t");
    String byLabels = ReportCharts.svg(ReportCharts.machineShareByLabels(timeline), "chart-l");

    assertThat(count(overTime, MARKER)).isEqualTo(3);
    assertThat(count(overTime, SEGMENT)).as("0-1, then a gap").isEqualTo(1);
    assertThat(count(byLabels, MARKER)).isEqualTo(3);
    assertThat(count(byLabels, SEGMENT)).as("0-1-4: labels went on").isEqualTo(2);
  }

  private static long count(String svg, String regex) {
    return Pattern.compile(regex).matcher(svg).results().count();
  }

  /** {@code n} buckets from {@code start}, each with a decision but those in {@code empty}. */
  private static Timeline timeline(long seconds, String start, int n, int... empty) {
    List<TimePoint> points = new ArrayList<>();
    Instant at = Instant.parse(start);
    for (int i = 0; i < n; i++) {
      int index = i;
      boolean none = java.util.Arrays.stream(empty).anyMatch(e -> e == index);
      points.add(new TimePoint(at, at.plusSeconds(seconds), none ? 0 : 1, 0, 1, i + 1));
      at = at.plusSeconds(seconds);
    }
    return new Timeline(seconds == 60 ? "minute" : "day", seconds, points);
  }
}
