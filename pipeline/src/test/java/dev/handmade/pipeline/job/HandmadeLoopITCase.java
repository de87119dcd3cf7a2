package dev.handmade.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.model.registry.ModelRegistry;
import dev.handmade.model.storage.ObjectStore;
import dev.handmade.model.storage.ObjectStoreConfig;
import dev.handmade.pipeline.audit.AuditLogSink;
import dev.handmade.pipeline.deadletter.DeadLetterSink;
import dev.handmade.pipeline.ingest.SimulatedFrames;
import dev.handmade.pipeline.labelling.sink.LabelTaskSink;
import dev.handmade.pipeline.labelling.source.VerifiedLabelSource;
import dev.handmade.pipeline.labelling.support.RunningLabellingService;
import dev.handmade.pipeline.objectstore.AvroObjectReader;
import dev.handmade.pipeline.objectstore.LocalS3Extension;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import dev.handmade.pipeline.util.StableHash;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.AuditEventKind;
import dev.handmade.schema.DeadLetter;
import dev.handmade.schema.Decision;
import dev.handmade.schema.DecisionMaker;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.ObjectClass;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole loop on a MiniCluster, against an in-process S3 server and the real labelling
 * service on PostgreSQL, with simulated labellers answering over its HTTP API.
 */
class HandmadeLoopITCase {

  private static final long SEED = 4242;
  private static final int FRAMES = 3000;
  /** Every 97th frame is damaged on purpose: it must become a dead letter, and the loop go on. */
  private static final int CORRUPT_EVERY = 97;

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @RegisterExtension static final LocalS3Extension S3 = new LocalS3Extension();

  @Test
  void peopleTeachTheMachineAndTheMachineTakesOver() throws Exception {
    ObjectStore store = S3.newStore();
    ObjectStoreConfig storeConfig = LocalS3Extension.configOf(store);
    Function<String, ObjectClass> truth = SimulatedLabellers.simulatorTruth();
    try (RunningLabellingService service = new RunningLabellingService();
        SimulatedLabellers crowd = SimulatedLabellers.start(service.baseUrl(), RunningLabellingService.ADMIN_TOKEN,
            truth, new SimulatedLabellers.Crowd(6, 0.98, 4, 0.005, 1))) {
      Configuration options = new Configuration();
      options.set(PipelineOptions.MIN_FIRST_TRAINING, 150);
      options.set(PipelineOptions.RETRAIN_EVERY_LABELS, 150);
      options.set(PipelineOptions.TRAINING_EPOCHS, 4);
      options.set(PipelineOptions.REGISTRY_POLL_INTERVAL, Duration.ofMillis(500));
      options.set(PipelineOptions.INFERENCE_BATCH_TIMEOUT, Duration.ofMillis(100));

      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      env.enableCheckpointing(1000);
      new HandmadeJob(
          SimulatedFrames.source(SEED, FRAMES, 40, CORRUPT_EVERY),
          VerifiedLabelSource.builder().config(service.clientConfig().build()).pollInterval(Duration.ofMillis(200))
              .build(),
          LabelTaskSink.builder().config(service.clientConfig().build()).build(),
          AuditLogSink.create(storeConfig),
          DeadLetterSink.create(storeConfig),
          storeConfig,
          options).build(env);
      JobClient job = env.executeAsync("handmade loop");

      int corrupt = FRAMES / CORRUPT_EVERY;
      AvroObjectReader<AuditEvent> audit = AvroObjectReader.of(store, AuditEvent.class);
      Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
      List<Decision> decisions = List.of();
      while (Instant.now().isBefore(deadline)) {
        decisions = decisions(audit);
        if (decisions.size() >= FRAMES - corrupt) {
          break;
        }
        Thread.sleep(1000); // the audit log becomes visible checkpoint by checkpoint
      }
      job.cancel().get();

      // every good frame has exactly one final decision
      Map<String, Long> perFrame = decisions.stream().collect(Collectors.groupingBy(Decision::getFrameId,
          Collectors.counting()));
      assertThat(perFrame).hasSize(FRAMES - corrupt);
      assertThat(perFrame.values()).allMatch(n -> n == 1);

      // and each damaged frame is a dead letter with its reason
      List<DeadLetter> dead = AvroObjectReader.of(store, DeadLetter.class).readAll(DeadLetterSink.PREFIX);
      assertThat(dead.stream().filter(d -> d.getStage().equals("validate")).count()).isEqualTo(corrupt);
      assertThat(dead).allMatch(d -> !d.getReason().isBlank());

      // at least three versions were trained, gated, published, and used for decisions
      ModelRegistry registry = new ModelRegistry(store);
      List<ModelVersion> versions = registry.list();
      Set<String> decidingVersions = decisions.stream().filter(d -> d.getMachine() != null)
          .map(d -> d.getMachine().getModelVersion()).collect(Collectors.toSet());
      System.out.printf("versions %s, deciding %s%n", versions.stream().map(ModelVersion::getVersion).toList(),
          decidingVersions);
      assertThat(versions).hasSizeGreaterThanOrEqualTo(3);
      assertThat(decidingVersions).hasSizeGreaterThanOrEqualTo(3);

      // people's share falls as the model learns
      List<Decision> inOrder = decisions.stream()
          .sorted(Comparator.comparingLong(d -> index(d.getFrameId()))).toList();
      double firstThird = humanShare(inOrder.subList(0, inOrder.size() / 3));
      double lastThird = humanShare(inOrder.subList(2 * inOrder.size() / 3, inOrder.size()));
      System.out.printf("human share: first third %.3f, last third %.3f%n", firstThird, lastThird);
      assertThat(lastThird).isLessThan(firstThird);

      // the final labels, machine and human together, meet the machine-accuracy target
      long right = decisions.stream().filter(d -> d.getLabel() == truth.apply(d.getFrameId())).count();
      double accuracy = (double) right / decisions.size();
      System.out.printf("final label accuracy %.4f over %d decisions%n", accuracy, decisions.size());
      assertThat(accuracy).isGreaterThanOrEqualTo(0.95);

      // a label people gave through the HTTP API is in the training set of a version published after it
      List<HumanLabel> labels = audit.readAll(AuditLogSink.PREFIX).stream()
          .filter(e -> e.getKind() == AuditEventKind.HUMAN_LABEL).map(AuditEvent::getLabel)
          .filter(l -> l.getOutcome() == LabelOutcome.VERIFIED)
          .filter(l -> StableHash.bucket(l.getFrameId(), 200) >= 2 * 20)
          .sorted(Comparator.comparingLong(HumanLabel::getSequence)).toList();
      HumanLabel first = labels.get(0);
      List<ModelVersion> after = versions.stream()
          .filter(v -> v.getCreatedAt().isAfter(first.getVerifiedAt())).limit(2).toList();
      assertThat(after.stream().flatMap(v -> v.getTrainingFrameIds().stream()).toList()).contains(first.getFrameId());
    }
  }

  private static List<Decision> decisions(AvroObjectReader<AuditEvent> audit) {
    return audit.readAll(AuditLogSink.PREFIX).stream().filter(e -> e.getKind() == AuditEventKind.DECISION)
        .map(AuditEvent::getDecision).toList();
  }

  private static long index(String frameId) {
    return Long.parseLong(frameId.substring(frameId.lastIndexOf('-') + 1));
  }

  private static double humanShare(List<Decision> decisions) {
    return (double) decisions.stream().filter(d -> d.getMadeBy() == DecisionMaker.HUMAN).count() / decisions.size();
  }
}
