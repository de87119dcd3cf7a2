package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.labelling.support.AuditLogs;
import dev.handmade.labelling.support.AuditedService;
import dev.handmade.storage.S3ProxyExtension;
import dev.handmade.testsupport.HeadlessChrome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The auditor's page in headless Chromium: it turns a labeller's token away, opens the live
 * report with an auditor's token (its sections and SVG charts drawn, refreshed on demand), and
 * looks up a frame's provenance, with labellers under pseudonyms.
 */
class AuditorPageITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Test
  void anAuditorReadsTheReportAndLooksUpAFrame(@TempDir Path profile) throws Exception {
    HeadlessChrome.assumeInstalled();
    try (AuditedService service = new AuditedService(S3)) {
      ChromeDriver driver = HeadlessChrome.start(profile, 1280, 1000);
      try {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        JavascriptExecutor js = driver;
        driver.get(service.api().base() + "/auditor.html");

        logIn(driver, wait, service.labellerToken());
        wait.until(d -> d.findElement(By.id("login-error")).getText().contains("for auditors"));

        logIn(driver, wait, service.auditorToken());
        wait.until(
            d -> "shown".equals(d.findElement(By.tagName("body")).getAttribute("data-report")));
        assertThat(driver.findElement(By.id("updated")).getText()).contains("refreshes every 30 s");

        driver.switchTo().frame(driver.findElement(By.id("report")));
        assertThat(driver.findElements(By.cssSelector("section")).size()).isGreaterThanOrEqualTo(5);
        assertThat(
                driver.findElements(By.cssSelector("section h2")).stream().map(WebElement::getText))
            .anySatisfy(title -> assertThat(title).containsIgnoringCase("decision"));
        assertThat(driver.findElements(By.cssSelector("svg")).size())
            .as("charts")
            .isGreaterThanOrEqualTo(1);
        String reportText = driver.findElement(By.tagName("body")).getText();
        assertThat(reportText)
            .doesNotContain(service.firstLabellerId(), service.secondLabellerId());
        driver.switchTo().defaultContent();
        long frameHeight =
            (Long) js.executeScript("return document.getElementById('report').offsetHeight;");
        assertThat(frameHeight)
            .as("the report's frame is as tall as the report")
            .isGreaterThan(1000);

        js.executeScript("document.body.dataset.report = '';");
        driver.findElement(By.id("refresh")).click();
        wait.until(
            d -> "shown".equals(d.findElement(By.tagName("body")).getAttribute("data-report")));

        driver.findElement(By.id("frame-id")).sendKeys(AuditLogs.BY_PEOPLE);
        driver.findElement(By.cssSelector("#frame-form button")).click();
        wait.until(
            d ->
                d.findElement(By.id("provenance"))
                    .getText()
                    .contains("Frame " + AuditLogs.BY_PEOPLE));
        String provenance = driver.findElement(By.id("provenance")).getText();
        Pseudonyms pseudonyms = Pseudonyms.withKey(AuditedService.PSEUDONYM_KEY);
        assertThat(provenance)
            .contains(
                "Decided pedestrian by people",
                "cyclist (v1, 55.0%)",
                pseudonyms.of(service.firstLabellerId()),
                pseudonyms.of(service.secondLabellerId()),
                "20 s",
                "0.05 EUR",
                "v2; carried on by v3");
        assertThat(provenance)
            .doesNotContain(service.firstLabellerId(), service.secondLabellerId());
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve("auditor-page.png"), driver.getScreenshotAs(OutputType.BYTES));
        saveFullPage(driver, shots.resolve("auditor-page-full.png"));

        driver.findElement(By.id("frame-id")).clear();
        driver.findElement(By.id("frame-id")).sendKeys("f-never-seen");
        driver.findElement(By.cssSelector("#frame-form button")).click();
        wait.until(
            d -> d.findElement(By.id("provenance")).getText().contains("knows nothing of frame"));
      } finally {
        driver.quit();
      }
    }
  }

  private static void logIn(WebDriver driver, WebDriverWait wait, String token) {
    wait.until(d -> "login".equals(d.findElement(By.tagName("body")).getAttribute("data-state")));
    driver.findElement(By.id("token")).sendKeys(token);
    driver.findElement(By.cssSelector("#login button")).click();
  }

  /** The whole page, not only the window: the report runs far below the fold. */
  @SuppressWarnings("unchecked")
  private static void saveFullPage(ChromeDriver driver, Path file) throws Exception {
    Map<String, Object> size =
        (Map<String, Object>)
            driver.executeCdpCommand("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of(
                    "x",
                    0,
                    "y",
                    0,
                    "width",
                    size.get("width"),
                    "height",
                    size.get("height"),
                    "scale",
                    1)));
    Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
  }
}
