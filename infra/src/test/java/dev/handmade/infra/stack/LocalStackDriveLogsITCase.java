package dev.handmade.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.audit.log.GrowingAuditLog;
import dev.handmade.model.kitti.DriveLogWriter;
import dev.handmade.model.kitti.ImportReport;
import dev.handmade.model.kitti.KittiDataset;
import dev.handmade.model.kitti.KittiImporter;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import dev.handmade.schema.Decision;
import dev.handmade.schema.ObjectClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code handmade up --source drive-logs} with its default simulated labellers over imported
 * KITTI frames: the labellers answer from the ground truth the drive logs carry, so every real
 * frame is decided, exactly once, without people.
 */
class LocalStackDriveLogsITCase {

  /** The repository's sibling folder shared/ (the surefire working directory is the module). */
  private static final Path SAMPLE =
      Path.of(
              System.getProperty(
                  "handmade.kitti.sample",
                  Path.of("..", "..", "shared", "data", "kitti-sample").toString()))
          .toAbsolutePath()
          .normalize();

  @Test
  void simulatedLabellersDecideImportedKittiFramesFromTheirGroundTruth(@TempDir Path data)
      throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(SAMPLE), "KITTI sample not found at " + SAMPLE);
    StackSettings settings =
        new StackSettings(
            data,
            null,
            "handmade",
            "handmade-local-secret",
            "handmade",
            0,
            null,
            null,
            null,
            0,
            "drive-logs",
            5,
            Long.MAX_VALUE,
            7,
            new SimulatedLabellers.Crowd(3, 1.0, 1, 0.1, 7),
            1,
            Duration.ofSeconds(1),
            Map.of("handmade.drive-log.discovery-interval", "500 ms"),
            null);
    try (LocalStack stack = LocalStack.start(settings)) {
      Map<String, ObjectClass> truth = new ConcurrentHashMap<>();
      ImportReport report =
          KittiImporter.builder()
              .drive("sample")
              .build()
              .importAll(
                  new KittiDataset(SAMPLE, "training"),
                  new DriveLogWriter(stack.store()),
                  (index, total, result, writtenTo) ->
                      result.frames().forEach(f -> truth.put(f.getFrameId(), f.getGroundTruth())));
      assertThat(report.errors()).isEmpty();
      assertThat(truth).isNotEmpty();

      GrowingAuditLog audit = new GrowingAuditLog(stack.store());
      Awaitility.await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> audit.decisions().size() >= truth.size());
      // and for a while longer: a second decision for any frame would show up now
      Awaitility.await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(20))
          .until(() -> audit.decisions().size(), n -> n == truth.size());

      List<Decision> decisions = audit.decisions();
      Map<String, Long> perFrame =
          decisions.stream()
              .collect(Collectors.groupingBy(Decision::getFrameId, Collectors.counting()));
      assertThat(perFrame.keySet()).containsExactlyInAnyOrderElementsOf(truth.keySet());
      assertThat(perFrame.values()).allMatch(n -> n == 1);
      // labellers who are always right gave every real frame its KITTI class: no "can't tell"
      assertThat(decisions)
          .allSatisfy(
              d ->
                  assertThat(d.getLabel()).as(d.getFrameId()).isEqualTo(truth.get(d.getFrameId())));
      assertThat(stack.simulatedAnswers()).isGreaterThanOrEqualTo(truth.size());
      System.out.printf(
          "up --source drive-logs: %d KITTI frames, %d decisions, %d simulated answers%n",
          truth.size(), decisions.size(), stack.simulatedAnswers());
    }
  }
}
