package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.labelling.support.Api;
import dev.handmade.labelling.support.Frames;
import dev.handmade.labelling.support.RunningService;
import dev.handmade.labelling.support.TestClock;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import dev.handmade.storage.registry.Drafts;
import dev.handmade.storage.registry.ModelRegistry;
import dev.handmade.testsupport.HeadlessChrome;
import dev.handmade.testsupport.TestDatabase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.StringJoiner;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * A labeller's own view of their work, on a real service reading a real model registry: which
 * published versions were trained on frames whose verified label was their answer, directly and
 * through the versions they were trained from, and their days' pay against the wage floor, as the
 * ledger holds it. Each labeller sees their own and nothing of anyone else's, through the API and
 * on the labeller's page in headless Chromium.
 *
 * <p>Three labellers answer "car" on every task but one: A answers c-5, c-1, c-2, c-3, c-7 and c-6,
 * B c-5, c-7, c-6 (with "truck") and c-4, C c-7 (with "truck"). c-5 needs two labels and c-7 three,
 * both verified "car"; c-6 needs two, gets car and truck and is not verified. So A's verified
 * labels are c-1, c-2, c-3, c-5 and c-7; B's c-4, c-5 and c-7; C has none.
 */
class ContributionsITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final long FLOOR = 1200;
  private static final long PIECE = 2;
  private static final long A_MILLIS = 60_000;
  private static final long B_MILLIS = 30_000;

  static LocalDate day;
  static TestClock clock;
  static ObjectStore store;
  static TestDatabase db;
  static RunningService service;
  static Api api;
  static String a;
  static String b;
  static String c;
  static JsonNode beforeV3;
  static JsonNode beforeSettling;

  @BeforeAll
  static void labelTrainAndSettle() throws Exception {
    // noon a day ahead, as in WageFloorITCase: only the service's clock puts the work on this day
    day = LocalDate.now(ZoneOffset.UTC).plusDays(1);
    clock = new TestClock(day.atTime(12, 0).toInstant(ZoneOffset.UTC));
    store = S3.newStore();
    db = new TestDatabase();
    service =
        new RunningService(
            db,
            clock,
            config ->
                config
                    .set("audit.s3Endpoint", S3.endpoint())
                    .set("audit.s3Bucket", store.bucket())
                    .set("audit.s3AccessKey", S3ProxyExtension.ACCESS_KEY)
                    .set("audit.s3SecretKey", S3ProxyExtension.SECRET_KEY)
                    .set("pay.pieceRateCents", PIECE)
                    .set("pay.minimumHourlyCents", FLOOR)
                    .set("lease.duration", "10m"));
    api = service.api();
    a = api.newAccount(RunningService.ADMIN, "labeller-a", "labeller");
    b = api.newAccount(RunningService.ADMIN, "labeller-b", "labeller");
    c = api.newAccount(RunningService.ADMIN, "labeller-c", "labeller");

    StringJoiner tasks = new StringJoiner(",");
    tasks.add(Frames.task("c-5", "uncertain", 10, 2, null));
    tasks.add(Frames.task("c-1", "uncertain", 9, 1, null));
    tasks.add(Frames.task("c-2", "uncertain", 8, 1, null));
    tasks.add(Frames.task("c-3", "uncertain", 7, 1, null));
    tasks.add(Frames.task("c-7", "uncertain", 6, 3, null));
    tasks.add(Frames.task("c-6", "uncertain", 5, 2, null));
    assertThat(api.intake(RunningService.PIPELINE, tasks.toString()).status()).isEqualTo(201);
    for (String frame : List.of("c-5", "c-1", "c-2", "c-3", "c-7", "c-6")) {
      work(a, frame, "car", A_MILLIS);
    }
    work(b, "c-5", "car", B_MILLIS);
    work(b, "c-7", "car", B_MILLIS);
    work(b, "c-6", "truck", B_MILLIS);
    // c-4 comes later, so that A, who takes the best task first, never meets it
    assertThat(
            api.intake(RunningService.PIPELINE, Frames.task("c-4", "uncertain", 1, 1, null))
                .status())
        .isEqualTo(201);
    work(b, "c-4", "car", B_MILLIS);
    work(c, "c-7", "truck", 45_000);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> api.feed(RunningService.PIPELINE, 0, 10).get("entries").size() == 6);

    ModelRegistry registry = new ModelRegistry(store);
    registry.publish(
        Drafts.draft(null, "bootstrap on people's labels")
            .setTrainingFrameIds(List.of("c-1", "c-4", "c-5", "other-1")),
        new byte[] {1});
    registry.publish(
        Drafts.draft("v1", "fine-tuned")
            .setTrainingFrameIds(List.of("c-2", "c-3", "c-5", "c-6", "c-7")),
        new byte[] {2});
    // read once, so that v3 is published after the service has the others cached
    beforeV3 = contributions(a).json();
    registry.publish(
        Drafts.draft("v2", "fine-tuned again").setTrainingFrameIds(List.of("c-4")), new byte[] {3});

    beforeSettling = contributions(a).json();
    clock.advance(Duration.ofDays(1));
    assertThat(api.post("/api/pay/settle?day=" + day, RunningService.ADMIN, "").status())
        .isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    try {
      if (service != null) {
        service.close();
      }
    } finally {
      store.close();
      db.close();
    }
  }

  @Test
  void eachVersionCountsTheLabellersVerifiedLabelsDirectlyAndWithItsAncestors() {
    assertThat(versions(beforeV3)).containsExactly("v1 2 2", "v2 4 5");

    JsonNode mine = contributions(a).json();
    assertThat(mine.get("verifiedLabels").asLong()).isEqualTo(5);
    assertThat(mine.get("registryProblem").isNull()).isTrue();
    assertThat(versions(mine))
        .as("v3 is read though the others were cached")
        .containsExactly("v1 2 2", "v2 4 5", "v3 0 5");
    assertThat(mine.get("versions").get(1).get("parent").asText()).isEqualTo("v1");
    assertThat(mine.get("versions").get(0).get("publishedAt").asLong()).isPositive();

    JsonNode other = contributions(b).json();
    assertThat(other.get("verifiedLabels").asLong()).isEqualTo(3);
    assertThat(versions(other)).containsExactly("v1 2 2", "v2 2 3", "v3 1 3");

    JsonNode dissenter = contributions(c).json();
    assertThat(dissenter.get("verifiedLabels").asLong())
        .as("C's answer to c-7 is not its label")
        .isZero();
    assertThat(versions(dissenter)).containsExactly("v1 0 0", "v2 0 0", "v3 0 0");
  }

  @Test
  void theDaysAreTheLedgersWithTheWageFloor() {
    for (String token : List.of(a, b)) {
      String id = labellerId(token);
      JsonNode days = contributions(token).json().get("days");
      JsonNode ledger =
          api.get("/api/labellers/" + id + "/ledger?from=" + day + "&to=" + day, token)
              .json()
              .get("days");
      assertThat(days).hasSize(1);
      JsonNode d = days.get(0);
      JsonNode l = ledger.get(0);
      for (String field :
          List.of(
              "day",
              "tasks",
              "activeMillis",
              "pieceCents",
              "topUpCents",
              "earningsCents",
              "currency",
              "effectiveHourlyCents",
              "settled")) {
        assertThat(d.get(field)).as(id + " " + field).isEqualTo(l.get(field));
      }
      long active = d.get("activeMillis").asLong();
      long floorOfDay =
          BigDecimal.valueOf(FLOOR * active)
              .divide(BigDecimal.valueOf(3_600_000), 0, RoundingMode.CEILING)
              .longValueExact();
      assertThat(d.get("floorHourlyCents").asLong()).isEqualTo(FLOOR);
      assertThat(d.get("settled").asBoolean()).isTrue();
      assertThat(d.get("pieceCents").asLong()).isEqualTo(PIECE * d.get("tasks").asLong());
      assertThat(d.get("earningsCents").asLong()).isEqualTo(floorOfDay);
      assertThat(d.get("topUpCents").asLong())
          .isEqualTo(floorOfDay - PIECE * d.get("tasks").asLong());
      assertThat(d.get("effectiveHourlyCents").asLong()).isGreaterThanOrEqualTo(FLOOR);
    }
    // 6 answers of a minute each at 12.00 an hour: 1.20, of which 0.12 piece pay
    JsonNode first = contributions(a).json().get("days").get(0);
    assertThat(first.get("tasks").asLong()).isEqualTo(6);
    assertThat(first.get("activeMillis").asLong()).isEqualTo(6 * A_MILLIS);
    assertThat(first.get("earningsCents").asLong()).isEqualTo(120);
    assertThat(first.get("effectiveHourlyCents").asLong()).isEqualTo(1200);

    // before the day ended it showed the floor it would be settled against, and no top-up yet
    JsonNode unsettled = beforeSettling.get("days").get(0);
    assertThat(unsettled.get("day").asText()).isEqualTo(day.toString());
    assertThat(unsettled.get("settled").asBoolean()).isFalse();
    assertThat(unsettled.get("topUpCents").asLong()).isZero();
    assertThat(unsettled.get("earningsCents").asLong()).isEqualTo(6 * PIECE);
    assertThat(unsettled.get("floorHourlyCents").asLong()).isEqualTo(FLOOR);
  }

  @Test
  void nobodySeesAnyoneElsesWork() {
    String idA = labellerId(a);
    String idB = labellerId(b);
    Api.Response other = contributions(b);
    assertThat(other.json().get("labellerId").asText()).isEqualTo(idB);
    assertThat(other.body()).doesNotContain(idA).doesNotContain(labellerId(c));
    assertThat(contributions(a).body()).doesNotContain(idB);

    String auditor = api.newAccount(RunningService.ADMIN, "contributions-auditor", "auditor");
    for (String token : List.of(auditor, RunningService.ADMIN, RunningService.PIPELINE)) {
      Api.Response refused = api.get("/api/me/contributions", token);
      assertThat(refused.status()).as(refused.body()).isEqualTo(403);
      assertThat(refused.json().get("error").asText()).contains("/api/me/contributions");
    }
    assertThat(api.get("/api/me/contributions", null).status()).isEqualTo(401);
    Api.Response badDay = api.get("/api/me/contributions?from=yesterday", a);
    assertThat(badDay.status()).isEqualTo(400);
    assertThat(badDay.json().get("field").asText()).isEqualTo("from");
  }

  @Test
  void withoutARegistryTheDaysAreShownAndTheAnswerSaysWhyNoVersionsAre() {
    try (TestDatabase plainDb = new TestDatabase();
        RunningService plain = new RunningService(plainDb, config -> {})) {
      Api plainApi = plain.api();
      String token = plainApi.newAccount(RunningService.ADMIN, "no-registry", "labeller");
      plainApi.intake(RunningService.PIPELINE, Frames.task("n-1", "uncertain", 1, 1, null));
      long lease = plainApi.lease(token).json().get("leaseId").asLong();
      assertThat(plainApi.answer(token, lease, "car", 0).status()).isEqualTo(200);

      Api.Response r = plainApi.get("/api/me/contributions", token);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().get("versions")).isEmpty();
      assertThat(r.json().get("registryProblem").asText()).contains("audit.s3Endpoint");
      assertThat(r.json().get("days")).hasSize(1);
      assertThat(r.json().get("days").get(0).get("tasks").asLong()).isEqualTo(1);
    }
  }

  @Test
  void theLabellersPageShowsTheVersionsAndTheDaysWage(@TempDir Path profile) throws Exception {
    HeadlessChrome.assumeInstalled();
    WebDriver driver = HeadlessChrome.start(profile, 1100, 900);
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
      JavascriptExecutor js = (JavascriptExecutor) driver;
      driver.get(api.base() + "/labeller.html");
      js.executeScript("sessionStorage.setItem('handmade.token', arguments[0]);", a);
      driver.navigate().refresh();
      wait.until(
          d ->
              d.findElement(By.id("mine")).isDisplayed()
                  && !d.findElements(By.cssSelector("#days tbody tr")).isEmpty());

      // newest first: each version with how many of A's labels it holds, itself and with earlier
      // versions
      List<String> models =
          driver.findElements(By.cssSelector("#models tbody tr")).stream()
              .map(ContributionsITCase::cells)
              .toList();
      assertThat(models).hasSize(3);
      assertThat(models.get(0)).startsWith("v3 |").endsWith("| 0 | 5");
      assertThat(models.get(1)).startsWith("v2 |").endsWith("| 4 | 5");
      assertThat(models.get(2)).startsWith("v1 |").endsWith("| 2 | 2");
      assertThat(driver.findElement(By.id("models-note")).isDisplayed()).isFalse();

      WebElement settled = driver.findElement(By.cssSelector("#days tr[data-day='" + day + "']"));
      assertThat(cells(settled))
          .isEqualTo(
              day
                  + " | 6 | 0.10 | 0.12 EUR | 1.08 EUR | 1.20 EUR | 12.00 EUR"
                  + " | 12.00 EUR an hour");

      Path shots = Path.of("target", "screenshots");
      Files.createDirectories(shots);
      Files.copy(
          ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath(),
          shots.resolve("labeller-contributions.png"),
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      driver.quit();
    }
  }

  private static String cells(WebElement row) {
    return String.join(
        " | ", row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList());
  }

  private static Api.Response contributions(String token) {
    Api.Response r = api.get("/api/me/contributions?from=" + day + "&to=" + day.plusDays(1), token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r;
  }

  /** "version direct withAncestors" per version, oldest first. */
  private static List<String> versions(JsonNode contributions) {
    return StreamSupport.stream(contributions.get("versions").spliterator(), false)
        .map(
            v ->
                v.get("version").asText()
                    + " "
                    + v.get("labels").asLong()
                    + " "
                    + v.get("labelsWithAncestors").asLong())
        .toList();
  }

  private static String labellerId(String token) {
    return api.get("/api/me", token).json().get("labellerId").asText();
  }

  /**
   * Leases the next task, expecting {@code frame}, and answers it after {@code activeMillis} of work;
   * the lease is moved back in time, since the service clamps active time to how long it was held.
   */
  private static void work(String token, String frame, String answer, long activeMillis)
      throws Exception {
    Api.Response lease = api.lease(token);
    assertThat(lease.status()).as(lease.body()).isEqualTo(200);
    assertThat(lease.json().get("taskId").asText()).isEqualTo(frame);
    long leaseId = lease.json().get("leaseId").asLong();
    try (Connection connection = db.connect();
        PreparedStatement moved =
            connection.prepareStatement(
                "update lease set leased_at = leased_at - ? * interval '1 millisecond' where lease_id = ?")) {
      moved.setLong(1, activeMillis + 1000);
      moved.setLong(2, leaseId);
      assertThat(moved.executeUpdate()).isEqualTo(1);
    }
    Api.Response answered = api.answer(token, leaseId, answer, activeMillis);
    assertThat(answered.status()).as(answered.body()).isEqualTo(200);
  }
}
