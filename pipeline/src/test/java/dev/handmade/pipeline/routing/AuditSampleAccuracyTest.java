package dev.handmade.pipeline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.audit.chain.ChainVerification;
import dev.handmade.audit.log.AuditLogContents;
import dev.handmade.audit.report.AuditReport.Proportion;
import dev.handmade.audit.report.AuditReportBuilder;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.model.classifier.FrameClassifier;
import dev.handmade.model.classifier.Trainer;
import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.pipeline.inference.ScoredFrame;
import dev.handmade.pipeline.job.AuditEvents;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.Decision;
import dev.handmade.schema.Frame;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOrigin;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabellerAnswer;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import dev.handmade.schema.TrainingExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The machine accuracy the report estimates from audit samples agrees with the ground truth.
 *
 * <p>A real classifier (small and briefly trained, so the test is quick and the machine errs
 * often enough for accuracy to be worth measuring) scores 20 seeded batches of simulated frames,
 * with a low threshold so that most frames are machine decisions. Each batch goes through the router's own rules:
 * confident frames are machine decisions, and the router's audit draw picks the samples that
 * people check. The report builder then estimates accuracy from those samples, and the test
 * compares the 95% interval with the machine's true accuracy over all its confident decisions in
 * that batch, which the simulator knows. A 95% interval should hold it in about 19 runs of 20.
 *
 * <p>Assumption, stated: people's verified label on a sample is taken to be right (the simulated
 * answer is the ground truth). Consensus errors would bias the estimate down by at most their
 * rate, which the gold tasks of the labelling service measure.
 */
class AuditSampleAccuracyTest {

  private static final int RUNS = 20;
  private static final int FRAMES_PER_RUN = 600;
  private static final double THRESHOLD = 0.3;
  private static final double AUDIT_RATE = 0.3;

  @Test
  void theAuditSampleIntervalHoldsTheTrueAccuracyInNineteenOfTwentySeededRuns() {
    SensorSimulator training = SensorSimulator.builder().seed(7).build();
    List<TrainingExample> examples = training.frames(0, 400).stream()
        .map(f -> TrainingExample.newBuilder().setFrame(f).setLabel(f.getGroundTruth())
            .setOrigin(LabelOrigin.DATASET).build())
        .toList();
    FrameClassifier classifier = new Trainer(Trainer.Config.defaults().withEpochs(2))
        .trainFromScratch(examples, "v1");

    int covered = 0;
    for (int run = 0; run < RUNS; run++) {
      List<Frame> frames = SensorSimulator.builder().seed(1000 + run).build()
          .frames(0, FRAMES_PER_RUN);
      List<Prediction> predictions = classifier.predict(frames);
      List<AuditEvent> log = new ArrayList<>();
      long confident = 0;
      long right = 0;
      for (int i = 0; i < frames.size(); i++) {
        Frame frame = frames.get(i);
        Prediction p = predictions.get(i);
        if (p.getConfidence() < THRESHOLD) {
          continue; // to people: not a machine decision
        }
        boolean audit = Router.drawnForAudit(frame.getFrameId(), AUDIT_RATE);
        Decision d = Router.machineDecision(new ScoredFrame(frame, p, THRESHOLD),
            audit ? Route.AUDIT_SAMPLE : Route.CONFIDENT, 0);
        log.add(AuditEvents.of(d));
        confident++;
        right += d.getLabel() == frame.getGroundTruth() ? 1 : 0;
        if (audit) {
          log.add(AuditEvents.of(verdict(log.size(), frame)));
        }
      }
      double truth = (double) right / confident;
      Proportion estimate = new AuditReportBuilder(Pseudonyms.random())
          .build(new AuditLogContents("test", log, new ChainVerification(0, 0, "", List.of())),
              List.of(), LabourInput.none(), Instant.EPOCH)
          .accuracy().overall();
      boolean holds = estimate.lower() <= truth && truth <= estimate.upper();
      covered += holds ? 1 : 0;
      System.out.printf("run %2d: true accuracy %.3f over %d confident decisions; estimate %.3f"
              + " [%.3f, %.3f] from %d audit samples%s%n", run, truth, confident,
          estimate.estimate(), estimate.lower(), estimate.upper(), estimate.n(),
          holds ? "" : "  <- outside");
    }
    System.out.printf("the interval held the true accuracy in %d of %d runs%n", covered, RUNS);
    assertThat(covered).isGreaterThanOrEqualTo(19);
  }

  private static HumanLabel verdict(long sequence, Frame frame) {
    Instant at = Instant.EPOCH;
    return HumanLabel.newBuilder().setSequence(sequence).setTaskId(frame.getFrameId())
        .setFrameId(frame.getFrameId()).setKind(TaskKind.AUDIT).setOutcome(LabelOutcome.VERIFIED)
        .setLabel(frame.getGroundTruth())
        .setAnswers(List.of(LabellerAnswer.newBuilder().setLabellerId("checker")
            .setAnswer(frame.getGroundTruth()).setActiveMillis(3000).setPayCents(4)
            .setAnsweredAt(at).build()))
        .setAgreement(1f).setVerifiedAt(at).build();
  }
}
