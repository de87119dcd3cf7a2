package dev.handmade.audit.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.testsupport.HeadlessChrome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The report page opened from disk in headless Chromium, as an auditor would open it: every
 * chart is laid out at a readable size and actually drawn. Leaves a full-page screenshot in
 * {@code target/audit-report.png} for a person to look at.
 */
class ReportHtmlChromiumITCase {

  private static final int WIDTH = 1200;

  /**
   * Per chart: its id, rendered width and height, how many shapes it draws, and how many of
   * them are points of a line drawn in the machine's colour.
   */
  private static final String CHARTS =
      """
      return Array.from(document.querySelectorAll('svg.chart')).map(svg => {
        const box = svg.getBoundingClientRect();
        return {id: svg.id, width: box.width, height: box.height,
            shapes: svg.querySelectorAll('path, rect, line, polyline, polygon, circle').length,
            points: Array.from(svg.querySelectorAll('ellipse'))
                .filter(e => getComputedStyle(e).fill === 'rgb(59, 110, 168)').length};
      });""";

  @Test
  void everyChartIsLaidOutAndDrawn(@TempDir Path profile) throws Exception {
    HeadlessChrome.assumeInstalled();
    Path page = Path.of("target", "audit-report.html").toAbsolutePath();
    ReportHtml.write(SampleReports.twoDays(), page);

    ChromeDriver driver = HeadlessChrome.start(profile, WIDTH, 900);
    try {
      driver.get(page.toUri().toString());
      screenshot(driver);

      @SuppressWarnings("unchecked")
      List<Map<String, Object>> charts = (List<Map<String, Object>>) driver.executeScript(CHARTS);
      assertThat(charts)
          .extracting(c -> c.get("id"))
          .containsExactly(
              "chart-share-time",
              "chart-decisions-time",
              "chart-share-labels",
              "chart-decisions-version",
              "chart-accuracy-version",
              "chart-wages-day",
              "chart-labour-version");
      assertThat(charts)
          .allSatisfy(
              chart -> {
                assertThat(((Number) chart.get("width")).doubleValue())
                    .as("width")
                    .isGreaterThan(100);
                assertThat(((Number) chart.get("height")).doubleValue())
                    .as("height")
                    .isGreaterThan(100);
                assertThat(((Number) chart.get("shapes")).longValue())
                    .as("shapes")
                    .isGreaterThan(30);
              });
      assertThat(charts)
          .filteredOn(c -> ((String) c.get("id")).startsWith("chart-share"))
          .as(
              "a point for each of the 24 quarter-hours with decisions, over time and against "
                  + "labels")
          .extracting(c -> c.get("points"))
          .containsExactly(24L, 24L);
      assertThat(
              driver.executeScript(
                  "return getComputedStyle(document.querySelector('.status')).backgroundColor;"))
          .as("an intact chain shows green")
          .isEqualTo("rgb(232, 245, 233)");
      assertThat(
              ((Number) driver.executeScript("return document.documentElement.scrollWidth;"))
                  .intValue())
          .as("nothing overflows the window sideways")
          .isLessThanOrEqualTo(WIDTH);
      assertThat(
              driver.executeScript(
                  "return Array.from(document.querySelectorAll('div.table'))"
                      + ".filter(t => t.scrollWidth > t.clientWidth).length;"))
          .as("every table fits without scrolling")
          .isEqualTo(0L);
    } finally {
      driver.quit();
    }
  }

  /** The whole page, taken first so that it is there to look at when an assertion fails. */
  private static void screenshot(ChromeDriver driver) throws Exception {
    long height =
        ((Number) driver.executeScript("return document.documentElement.scrollHeight;"))
            .longValue();
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", WIDTH, "height", height, "deviceScaleFactor", 1, "mobile", false));
    Path file = Path.of("target", "audit-report.png").toAbsolutePath();
    Files.copy(
        driver.getScreenshotAs(OutputType.FILE).toPath(),
        file,
        StandardCopyOption.REPLACE_EXISTING);
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    System.out.println("Audit report screenshot: " + file);
  }
}
