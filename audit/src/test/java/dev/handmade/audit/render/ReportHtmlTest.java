package dev.handmade.audit.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportHtmlTest {

  private static final Pattern SVG = Pattern.compile("<svg id=\"([^\"]+)\"");
  private static final Pattern ID = Pattern.compile(" id=\"([^\"]+)\"");
  private static final Pattern URL = Pattern.compile("https?://[^\"\\s<]*");

  /** Drawing seven charts takes a while: the tests that only read the sample page share it. */
  private static final String SAMPLE_PAGE = ReportHtml.render(SampleReports.twoDays());

  @Test
  void hasEverySectionWithItsExplanation() {
    assertThat(SAMPLE_PAGE).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    for (String id : List.of("sources", "chain", "decisions", "accuracy", "labour", "versions")) {
      assertThat(SAMPLE_PAGE).contains("<section id=\"" + id + "\">");
    }
    assertThat(SAMPLE_PAGE)
        .contains(
            "<h2>Sources</h2>",
            "<h2>Decisions</h2>",
            "<h2>Machine accuracy</h2>",
            "<h2>Labour ledger</h2>",
            "<h2>Labour per model version</h2>",
            "Computed 2026-11-29 09:00:00 UTC",
            "2026-11-27 08:00:04 UTC",
            "Accuracy is estimated from random audit samples",
            "with the verified label taken as right (a 95% Wilson score interval",
            "<h3>Against the truth, allowing for people&#39;s errors</h3>",
            "40 were priced by their labellers&#39; gold accuracy",
            "accuracy against the truth, allowing for people&#39;s errors by gold accuracy and "
                + "consensus disagreement");
  }

  @Test
  void drawsOneInlineSvgChartPerFigure() {
    assertThat(matches(SVG, SAMPLE_PAGE))
        .containsExactly(
            "chart-share-time",
            "chart-decisions-time",
            "chart-share-labels",
            "chart-decisions-version",
            "chart-accuracy-version",
            "chart-wages-day",
            "chart-labour-version");
    assertThat(SAMPLE_PAGE).doesNotContain("<?xml", "<!DOCTYPE svg");
    List<String> ids = matches(ID, SAMPLE_PAGE);
    assertThat(ids).as("ids stay unique with several charts on a page").doesNotHaveDuplicates();
  }

  @Test
  void drawsTheMachineShareAtTheLogsResolutionAndAgainstLabels() {
    assertThat(SAMPLE_PAGE)
        .contains(
            "<h3>Over time</h3>",
            "Per 15 minutes (UTC), 108 buckets: the bucket&#39;s length fits the span",
            "aria-label=\"Machine share of decisions, per 15 minutes\"",
            "aria-label=\"Decisions per 15 minutes\"",
            "<h3>Against human labels spent</h3>",
            "(300 in all)",
            "aria-label=\"Machine share of decisions against human labels spent\"");
  }

  @Test
  void isSelfContained() {
    assertThat(SAMPLE_PAGE).doesNotContain("<script", "<link", "src=", "@import");
    assertThat(matches(URL, SAMPLE_PAGE))
        .as("only the SVG namespaces name a URL")
        .allSatisfy(url -> assertThat(url).startsWith("http://www.w3.org/"));
  }

  @Test
  void formatsFiguresForReading() {
    assertThat(SAMPLE_PAGE)
        .contains(
            "<span class=\"figure\">79.1%</span>",
            "<span class=\"figure\">EUR 134.75</span>",
            "<td class=\"num\">EUR 14.00</td>",
            "<td>"
                + SampleReports.LABELLER_B
                + "</td><td>2026-11-27</td><td class=\"num\">EUR 4.00</td>",
            "<span class=\"figure\">93.5%</span>",
            "wage floor of EUR 12.00 an hour");
  }

  @Test
  void escapesTextFromTheReport() {
    String html =
        ReportHtml.render(
            SampleReports.withAuditLog("s3://bucket/<script>alert('audit')</script>"));

    assertThat(html)
        .doesNotContain("<script")
        .contains("s3://bucket/&lt;script&gt;alert(&#39;audit&#39;)&lt;/script&gt;");
    assertThat(html).contains("kitti 2011_09_26, drive &quot;0005&quot;");
  }

  @Test
  void anIntactChainIsGreenWithItsHead() {
    assertThat(SAMPLE_PAGE)
        .contains(
            "<div class=\"status ok\"><strong>Intact.</strong>",
            "<code>" + SampleReports.HEAD + "</code>")
        .doesNotContain("status broken");
  }

  @Test
  void aBrokenChainListsEveryProblemInRed() {
    String html = ReportHtml.render(SampleReports.brokenChain());

    assertThat(html)
        .contains(
            "<div class=\"status broken\"><strong>Broken: 2 problems.</strong>",
            "<li>audit/2026-11-28/part-0007.avro: record 41 does not match its chain hash</li>",
            "<li>audit/2026-11-28/part-0009.avro: follows position 7, so position 8 is missing</li>")
        .doesNotContain("status ok");
  }

  @Test
  void anEmptyReportSaysThereIsNoDataAndDrawsNoCharts() {
    String html = ReportHtml.render(SampleReports.empty());

    assertThat(html)
        .doesNotContain("<svg")
        .contains(
            "No decisions are recorded yet.",
            "No audit sample has a verified label yet",
            "No routed frame has a verified label",
            "The pay ledger was not read for this report.",
            "The audit log holds no records yet",
            "No model version is registered yet.",
            "no wage floor is configured",
            "<th scope=\"row\">First event</th><td>–</td>");
  }

  @Test
  void writesThePageToAFile(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("report/audit-report.html");

    ReportHtml.write(SampleReports.twoDays(), file);

    assertThat(Files.readString(file)).isEqualTo(SAMPLE_PAGE);
  }

  private static List<String> matches(Pattern pattern, String html) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(html);
    while (m.find()) {
      found.add(m.groupCount() > 0 ? m.group(1) : m.group());
    }
    return found;
  }
}
