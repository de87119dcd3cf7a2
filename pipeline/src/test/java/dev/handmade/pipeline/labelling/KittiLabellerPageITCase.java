package dev.handmade.pipeline.labelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.handmade.model.kitti.KittiDataset;
import dev.handmade.model.kitti.KittiImporter;
import dev.handmade.pipeline.support.RunningLabellingService;
import dev.handmade.schema.CameraImage;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LabelTask;
import dev.handmade.schema.ObjectBox;
import dev.handmade.schema.TaskKind;
import dev.handmade.testsupport.HeadlessChrome;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The labeller's page on a far, sparse real object: KITTI's truck 69 m ahead in frame 000001,
 * imported, sent through the task sink's client to the service and leased in headless Chromium.
 * The page must give what a person needs to judge a few points and a 30-pixel crop: a colour
 * legend, a scale bar, the range and point count, and the whole camera image with the crop marked.
 */
class KittiLabellerPageITCase {

  /** The repository's sibling folder shared/ (the surefire working directory is the module). */
  private static final Path SAMPLE =
      Path.of(
              System.getProperty(
                  "handmade.kitti.sample",
                  Path.of("..", "..", "shared", "data", "kitti-sample").toString()))
          .toAbsolutePath()
          .normalize();

  /** Pixels of a canvas region matching a colour test, as {matching, all}. */
  private static final String COUNT =
      """
      const c = document.getElementById(arguments[0]);
      const [x0, y0, x1, y1] = arguments[1].map((v) => Math.max(0, Math.round(v)));
      const w = Math.min(c.width, x1) - x0, h = Math.min(c.height, y1) - y0;
      const d = c.getContext('2d').getImageData(x0, y0, w, h).data;
      const test = new Function('r', 'g', 'b', 'return ' + arguments[2]);
      let n = 0;
      for (let i = 0; i < d.length; i += 4) { if (test(d[i], d[i + 1], d[i + 2])) n++; }
      return [n, w * h];""";

  private static final String YELLOW = "r > 220 && g > 180 && g < 240 && b < 60";

  @Test
  void aFarSparseObjectIsShownWithLegendScaleAndTheWholeImage(@TempDir Path profile)
      throws Exception {
    HeadlessChrome.assumeInstalled();
    Assumptions.assumeTrue(Files.isDirectory(SAMPLE), "KITTI sample not found at " + SAMPLE);
    Frame truck =
        KittiImporter.builder()
            .drive("page")
            .build()
            .readFrame(new KittiDataset(SAMPLE, "training"), "000001")
            .observations()
            .stream()
            .filter(o -> o.label().type().equals("Truck"))
            .findFirst()
            .orElseThrow()
            .frame();
    assertThat(truck.getConditions().getRangeMeters()).as("the truck is far").isGreaterThan(60f);
    int points = truck.getLidar().size();
    CameraImage whole = truck.getCameraImage();
    LabelTask task =
        LabelTask.newBuilder()
            .setTaskId(truck.getFrameId())
            .setFrameId(truck.getFrameId())
            .setKind(TaskKind.UNCERTAIN)
            .setPriority(1)
            .setFrame(truck)
            .setCreatedAt(Instant.now())
            .build();

    try (RunningLabellingService service = new RunningLabellingService();
        LabellingClient client = new LabellingClient(service.clientConfig().build())) {
      client.submit(List.of(task));
      String token = service.calls().newLabeller("far-object-labeller");

      ChromeDriver driver = HeadlessChrome.start(profile, 1100, 900);
      try {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        JavascriptExecutor js = driver;
        driver.get(service.baseUrl() + "/labeller.html");
        js.executeScript("sessionStorage.setItem('handmade.token', arguments[0]);", token);
        driver.navigate().refresh();
        wait.until(
            d ->
                truck
                    .getFrameId()
                    .equals(d.findElement(By.id("scene")).getAttribute("data-frame-id")));

        // range, point count and box size in words
        String facts = driver.findElement(By.id("conditions")).getText();
        ObjectBox box = truck.getBox();
        assertThat(facts)
            .contains("range " + oneDecimal(truck.getConditions().getRangeMeters()) + " m")
            .contains(points + " lidar points")
            .contains(
                "box "
                    + oneDecimal(box.getLength())
                    + " × "
                    + oneDecimal(box.getWidth())
                    + " × "
                    + oneDecimal(box.getHeight())
                    + " m");

        // the legend: a ramp from blue (bottom) to red (top), labelled 0 m to the box's height
        assertThat(driver.findElement(By.id("legend-min")).getText()).isEqualTo("0.0 m");
        assertThat(driver.findElement(By.id("legend-max")).getText())
            .isEqualTo(oneDecimal(box.getHeight()) + " m");
        assertThat(count(js, "legend-ramp", new double[] {0, 0, 24, 10}, "r > 200 && b < 80")[0])
            .isEqualTo(240);
        assertThat(count(js, "legend-ramp", new double[] {0, 190, 24, 200}, "b > 200 && r < 80")[0])
            .isEqualTo(240);

        // the scale bar: a round length in white, bottom left of the view from above, as long as it
        // says
        var bev = driver.findElement(By.id("bev"));
        double metres = Double.parseDouble(bev.getAttribute("data-scale-metres"));
        int barPixels = Integer.parseInt(bev.getAttribute("data-scale-pixels"));
        assertThat(metres).isIn(1.0, 2.0, 5.0, 10.0);
        // the view spans its longest half-side (the truck's half-length), and 15% more, each way
        assertThat(barPixels)
            .isCloseTo(
                (int) Math.round(metres * 256 / (2 * 1.15 * box.getLength() / 2)), within(2));
        assertThat(
                count(
                    js,
                    "bev",
                    new double[] {10, 244, 10 + barPixels + 1, 245},
                    "r > 240 && g > 240 && b > 240")[0])
            .isGreaterThanOrEqualTo(barPixels - 1);

        // the whole image, as sent, with the crop's place marked in yellow around it
        assertThat(
                ((Number) js.executeScript("return document.getElementById('scene').width;"))
                    .intValue())
            .isEqualTo(whole.getWidth());
        double l = whole.getCropLeft();
        double t = whole.getCropTop();
        double r = whole.getCropRight();
        double b = whole.getCropBottom();
        long[] ring = count(js, "scene", new double[] {l - 6, t - 6, r + 6, b + 6}, YELLOW);
        assertThat(ring[0]).as("the crop's marker").isGreaterThan((long) (2 * (r - l + b - t)));
        assertThat(count(js, "scene", new double[] {l + 1, t + 1, r - 1, b - 1}, YELLOW)[0])
            .as("the object itself is not painted over")
            .isZero();
        assertThat(meanDifference(js, whole, new double[] {l - 30, t - 30, r + 30, b + 30}))
            .as("the scene is the camera image")
            .isLessThan(6);

        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.copy(
            driver.getScreenshotAs(OutputType.FILE).toPath(),
            shots.resolve("labeller-page-far-kitti.png"),
            StandardCopyOption.REPLACE_EXISTING);

        // C colours by intensity, and the legend says so
        new Actions(driver).sendKeys("c").perform();
        assertThat(driver.findElement(By.id("legend")).getAttribute("data-colour-by"))
            .isEqualTo("intensity");
        assertThat(driver.findElement(By.id("legend-max")).getText()).isEqualTo("1.00");
        assertThat(driver.findElement(By.id("colour-by")).getText()).isEqualTo("Colour: intensity");
      } finally {
        driver.quit();
      }
    }
  }

  /** As the page writes a float that came as JSON: the shortest decimal read as a double, then toFixed(1). */
  private static String oneDecimal(float value) {
    return new BigDecimal(Double.parseDouble(Float.toString(value)))
        .setScale(1, RoundingMode.HALF_UP)
        .toPlainString();
  }

  private static long[] count(JavascriptExecutor js, String canvas, double[] region, String test) {
    List<?> result =
        (List<?>)
            js.executeScript(
                COUNT, canvas, List.of(region[0], region[1], region[2], region[3]), test);
    return new long[] {((Number) result.get(0)).longValue(), ((Number) result.get(1)).longValue()};
  }

  /** Mean absolute difference per channel between the canvas and the sent JPEG, outside the marked region. */
  private static double meanDifference(JavascriptExecutor js, CameraImage whole, double[] marked)
      throws Exception {
    ByteBuffer jpeg = whole.getJpeg().duplicate();
    byte[] bytes = new byte[jpeg.remaining()];
    jpeg.get(bytes);
    BufferedImage sent = ImageIO.read(new ByteArrayInputStream(bytes));
    @SuppressWarnings("unchecked")
    List<Number> drawn =
        (List<Number>)
            js.executeScript(
                """
        const c = document.getElementById('scene');
        return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);""");
    double sum = 0;
    long n = 0;
    for (int y = 0; y < sent.getHeight(); y += 3) {
      for (int x = 0; x < sent.getWidth(); x += 3) {
        if (x >= marked[0] && x <= marked[2] && y >= marked[1] && y <= marked[3]) {
          continue;
        }
        int rgb = sent.getRGB(x, y);
        int i = 4 * (y * sent.getWidth() + x);
        sum +=
            Math.abs(((rgb >> 16) & 0xff) - drawn.get(i).intValue())
                + Math.abs(((rgb >> 8) & 0xff) - drawn.get(i + 1).intValue())
                + Math.abs((rgb & 0xff) - drawn.get(i + 2).intValue());
        n += 3;
      }
    }
    return sum / n;
  }
}
