package dev.handmade.audit.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportChartsTest {

  @Test
  void anSvgIsReadyToInlineAndKeepsItsIdsToItself() {
    String svg = ReportCharts.svg(
        ReportCharts.decisionsPerHour(SampleReports.twoDays().decisions().byHour()), "chart-a");

    assertThat(svg).startsWith("<svg id=\"chart-a\" class=\"chart\" role=\"img\" "
        + "aria-label=\"Decisions per hour\"").endsWith("</svg>").contains("viewBox=")
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
  }
}
