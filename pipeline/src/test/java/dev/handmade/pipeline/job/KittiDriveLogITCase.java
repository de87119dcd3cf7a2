package dev.handmade.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.audit.log.GrowingAuditLog;
import dev.handmade.model.kitti.DriveLogWriter;
import dev.handmade.model.kitti.ImportReport;
import dev.handmade.model.kitti.KittiDataset;
import dev.handmade.model.kitti.KittiImporter;
import dev.handmade.pipeline.simulation.DriveLogTruth;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import dev.handmade.pipeline.source.drivelog.DriveLogSource;
import dev.handmade.pipeline.support.LoopJobs;
import dev.handmade.pipeline.support.RunningLabellingService;
import dev.handmade.schema.Decision;
import dev.handmade.schema.ObjectClass;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreConfig;
import dev.handmade.storage.S3ProxyExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real sensor data through the whole job: KITTI drive logs are imported into the object store
 * while the job runs, simulated labellers answer from the ground truth the drive logs carry
 * (the KITTI training split's labels), each imported frame gets exactly one decision, and a
 * second drive uploaded after a stop-and-resume is read too, while the first is not read again.
 */
class KittiDriveLogITCase {

  /** The repository's sibling folder shared/ (the surefire working directory is the module). */
  private static final Path SAMPLE =
      Path.of(
              System.getProperty(
                  "handmade.kitti.sample",
                  Path.of("..", "..", "shared", "data", "kitti-sample").toString()))
          .toAbsolutePath()
          .normalize();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Test
  void importedFramesAreEachDecidedOnceAcrossARestart(@TempDir Path savepoints) throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(SAMPLE), "KITTI sample not found at " + SAMPLE);
    ObjectStore store = S3.newStore();
    ObjectStoreConfig storeConfig = store.config();
    Map<String, ObjectClass> truth = new ConcurrentHashMap<>();
    GrowingAuditLog audit = new GrowingAuditLog(store);
    try (RunningLabellingService service = new RunningLabellingService();
        // the crowd knows nothing of this test's map: it reads the truth from the drive logs in the
        // store
        SimulatedLabellers crowd =
            SimulatedLabellers.start(
                service.baseUrl(),
                RunningLabellingService.ADMIN_TOKEN,
                new DriveLogTruth(store, DriveLogWriter.PREFIX),
                new SimulatedLabellers.Crowd(2, 1.0, 2, 0.01, 5))) {
      JobClient first = start(service, storeConfig, new Configuration());
      int firstDrive = importSample(store, "drive-a", truth);
      awaitDecisions(audit, firstDrive);
      String savepoint =
          first
              .stopWithSavepoint(
                  false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
              .get();

      Configuration resume = new Configuration();
      resume.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
      JobClient second = start(service, storeConfig, resume);
      int secondDrive = importSample(store, "drive-b", truth);
      awaitDecisions(audit, firstDrive + secondDrive);
      // and for a while longer: a re-read of drive-a after the restart would show up now
      Awaitility.await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(20))
          .until(() -> audit.decisions().size(), n -> n == firstDrive + secondDrive);
      List<Decision> decisions = audit.decisions();
      second.cancel().get();

      Map<String, Long> perFrame =
          decisions.stream()
              .collect(Collectors.groupingBy(Decision::getFrameId, Collectors.counting()));
      assertThat(perFrame.keySet()).containsExactlyInAnyOrderElementsOf(truth.keySet());
      assertThat(perFrame.values()).allMatch(n -> n == 1);
      // people who are always right gave every real frame its KITTI class
      assertThat(decisions).allMatch(d -> d.getLabel() == truth.get(d.getFrameId()));
    }
  }

  /** Imports the three sample frames as a drive; returns how many frames it wrote. */
  private static int importSample(ObjectStore store, String drive, Map<String, ObjectClass> truth)
      throws Exception {
    KittiImporter importer = KittiImporter.builder().drive(drive).build();
    ImportReport report =
        importer.importAll(
            new KittiDataset(SAMPLE, "training"),
            new DriveLogWriter(store),
            (index, total, result, writtenTo) ->
                result.frames().forEach(f -> truth.put(f.getFrameId(), f.getGroundTruth())));
    assertThat(report.errors()).isEmpty();
    return (int)
        truth.keySet().stream().filter(id -> id.startsWith("kitti-" + drive + "-")).count();
  }

  private static JobClient start(
      RunningLabellingService service, ObjectStoreConfig store, Configuration conf)
      throws Exception {
    Configuration options = new Configuration();
    options.set(PipelineOptions.REGISTRY_POLL_INTERVAL, Duration.ofMillis(500));
    return LoopJobs.start(
        DriveLogSource.builder()
            .storeConfig(store)
            .prefix(DriveLogWriter.PREFIX)
            .discoveryInterval(Duration.ofMillis(300))
            .build(),
        service,
        store,
        options,
        conf,
        500,
        "kitti drive logs");
  }

  private static List<Decision> awaitDecisions(GrowingAuditLog audit, int expected) {
    return LoopJobs.awaitDecisions(audit, expected, Duration.ofMinutes(3));
  }
}
