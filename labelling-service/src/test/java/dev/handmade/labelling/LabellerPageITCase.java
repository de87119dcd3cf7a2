package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.labelling.support.Api;
import dev.handmade.labelling.support.Frames;
import dev.handmade.labelling.support.RunningService;
import dev.handmade.testsupport.HeadlessChrome;
import dev.handmade.testsupport.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The labeller's page in headless Chromium: it loads a real task, draws the camera crop and
 * both lidar views with their legend and scale (the whole-image view on a real far object is
 * {@code KittiLabellerPageITCase} in the pipeline), turns the 3D view on drag, answers on a key
 * press, and the day's panel shows the new task and earnings.
 */
class LabellerPageITCase {

  private static final String PAINTED =
      """
            const c = document.getElementById(arguments[0]);
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) { if (d[i] !== 17 || d[i + 1] !== 17 || d[i + 2] !== 17) n++; }
            return n;""";

  @Test
  void aLabellerSeesTheTaskAndAnswersItWithAKey(@TempDir Path profile) throws Exception {
    HeadlessChrome.assumeInstalled();
    try (TestDatabase db = new TestDatabase();
        RunningService service = new RunningService(db, c -> {})) {
      Api api = service.api();
      assertThat(api.intake(RunningService.PIPELINE, Frames.uncertain("page-1", 1)).status())
          .isEqualTo(201);
      String token = api.newAccount(RunningService.ADMIN, "page-labeller", "labeller");

      WebDriver driver = HeadlessChrome.start(profile, 1100, 800);
      try {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        JavascriptExecutor js = (JavascriptExecutor) driver;
        driver.get(api.base() + "/labeller.html");
        js.executeScript("sessionStorage.setItem('handmade.token', arguments[0]);", token);
        driver.navigate().refresh();
        wait.until(
            d -> "ready".equals(d.findElement(By.tagName("body")).getAttribute("data-state")));

        assertThat(((Number) js.executeScript(PAINTED, "camera")).intValue()).isGreaterThan(1000);
        assertThat(((Number) js.executeScript(PAINTED, "bev")).intValue()).isGreaterThan(60);
        assertThat(((Number) js.executeScript(PAINTED, "view3d")).intValue()).isGreaterThan(60);
        assertThat(driver.findElement(By.id("tasks-done")).getText()).isEqualTo("0");
        assertThat(driver.findElement(By.id("conditions")).getText())
            .contains("night")
            .contains("lidar points");
        assertThat(driver.findElement(By.id("legend-min")).getText()).isEqualTo("0.0 m");
        assertThat(driver.findElement(By.id("bev")).getAttribute("data-scale-metres")).isNotBlank();
        assertThat(driver.findElement(By.id("context")).isDisplayed())
            .as("a frame without a whole camera image shows none")
            .isFalse();

        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(
            shot.toPath(),
            shots.resolve("labeller-page.png"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        String before =
            (String) js.executeScript("return document.getElementById('view3d').toDataURL();");
        new Actions(driver)
            .clickAndHold(driver.findElement(By.id("view3d")))
            .moveByOffset(60, 20)
            .release()
            .perform();
        String after =
            (String) js.executeScript("return document.getElementById('view3d').toDataURL();");
        assertThat(after).as("the 3D view turns when dragged").isNotEqualTo(before);

        new Actions(driver).sendKeys("3").perform();
        wait.until(d -> "1".equals(d.findElement(By.id("tasks-done")).getText()));
        assertThat(driver.findElement(By.id("earnings")).getText()).isEqualTo("0.05 EUR");
        wait.until(
            d -> "empty".equals(d.findElement(By.tagName("body")).getAttribute("data-state")));
        Files.copy(
            ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath(),
            shots.resolve("labeller-page-after-answer.png"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } finally {
        driver.quit();
      }
      var task = api.get("/api/tasks/page-1", RunningService.ADMIN).json();
      assertThat(task.get("state").asText()).isEqualTo("verified");
      assertThat(task.get("answers").get(0).get("answer").asText()).isEqualTo("pedestrian");
      assertThat(
              api.feed(RunningService.PIPELINE, 0, 10).get("entries").get(0).get("label").asText())
          .isEqualTo("pedestrian");
    }
  }
}
