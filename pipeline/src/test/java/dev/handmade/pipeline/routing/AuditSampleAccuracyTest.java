package dev.handmade.pipeline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.audit.chain.ChainVerification;
import dev.handmade.audit.log.AuditLogContents;
import dev.handmade.audit.report.AuditReport.MachineAccuracy;
import dev.handmade.audit.report.AuditReport.Proportion;
import dev.handmade.audit.report.AuditReport.TruthInterval;
import dev.handmade.audit.report.AuditReportBuilder;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.model.classifier.FrameClassifier;
import dev.handmade.model.classifier.Trainer;
import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.model.training.DatasetLabels;
import dev.handmade.pipeline.audit.AuditEvents;
import dev.handmade.pipeline.inference.ScoredFrame;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.Decision;
import dev.handmade.schema.Frame;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabellerAnswer;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import dev.handmade.schema.TrainingExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
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
 * <p>Twice: once with a checker who is always right, where the interval that takes people's label
 * as right is the one to test; once with a checker right 85% of the time (wrong answers spread
 * over the other classes, as the report's error model assumes) whose gold record says so, where
 * that interval is biased and the one that allows for people's errors must hold the truth.
 */
class AuditSampleAccuracyTest {

  private static final int RUNS = 20;
  private static final int FRAMES_PER_RUN = 600;
  private static final double THRESHOLD = 0.3;
  private static final double AUDIT_RATE = 0.3;
  private static final String CHECKER = "checker";

  /** Each run's frames and the classifier's predictions on them, shared by both tests. */
  private static final List<List<Frame>> FRAMES = new ArrayList<>();

  private static final List<List<Prediction>> PREDICTIONS = new ArrayList<>();

  @BeforeAll
  static void trainAndPredict() {
    SensorSimulator training = SensorSimulator.builder().seed(7).build();
    List<TrainingExample> examples =
        training.frames(0, 400).stream().map(DatasetLabels::of).toList();
    FrameClassifier classifier =
        new Trainer(Trainer.Config.defaults().withEpochs(2)).trainFromScratch(examples, "v1");
    for (int run = 0; run < RUNS; run++) {
      List<Frame> frames =
          SensorSimulator.builder().seed(1000 + run).build().frames(0, FRAMES_PER_RUN);
      FRAMES.add(frames);
      PREDICTIONS.add(classifier.predict(frames));
    }
  }

  @Test
  void theAuditSampleIntervalHoldsTheTrueAccuracyInNineteenOfTwentySeededRuns() {
    int[] covered = coverage(1.0, LabourInput.none());
    System.out.printf("the interval held the true accuracy in %d of %d runs%n", covered[0], RUNS);
    assertThat(covered[0]).isGreaterThanOrEqualTo(19);
  }

  @Test
  void withACheckerRight85PercentOfTheTimeTheIntervalAgainstTheTruthHoldsIt() {
    // the checker's gold record: 850 of 1,000 right, the rate they answer audit samples at
    LabourInput gold =
        new LabourInput(
            "test", "EUR", 0, List.of(), List.of(new LabourInput.LabellerGold(CHECKER, 1000, 850)));
    int[] covered = coverage(0.85, gold);
    System.out.printf(
        "taking the checker's label as right, the interval held the true accuracy in %d of %d runs;"
            + " allowing for their errors, in %d%n",
        covered[0], RUNS, covered[1]);
    assertThat(covered[1]).isGreaterThanOrEqualTo(19);
    assertThat(covered[0])
        .as("the label taken as right biases the estimate")
        .isLessThan(covered[1]);
  }

  /** In how many runs each interval held the true accuracy: taking the label as right, and against the truth. */
  private static int[] coverage(double checkerAccuracy, LabourInput labour) {
    int[] covered = new int[2];
    for (int run = 0; run < RUNS; run++) {
      List<Frame> frames = FRAMES.get(run);
      List<Prediction> predictions = PREDICTIONS.get(run);
      Random checker = new Random(run);
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
        Decision d =
            Router.machineDecision(
                new ScoredFrame(frame, p, THRESHOLD),
                audit ? Route.AUDIT_SAMPLE : Route.CONFIDENT,
                0);
        log.add(AuditEvents.of(d));
        confident++;
        right += d.getLabel() == frame.getGroundTruth() ? 1 : 0;
        if (audit) {
          log.add(
              AuditEvents.of(verdict(log.size(), frame, answer(frame, checkerAccuracy, checker))));
        }
      }
      double truth = (double) right / confident;
      MachineAccuracy accuracy =
          new AuditReportBuilder(Pseudonyms.random())
              .build(
                  new AuditLogContents("test", log, new ChainVerification(0, 0, "", List.of())),
                  List.of(),
                  labour,
                  Instant.EPOCH)
              .accuracy();
      Proportion estimate = accuracy.overall();
      TruthInterval allowing = accuracy.againstTruth().overall();
      boolean holds = estimate.lower() <= truth && truth <= estimate.upper();
      boolean allowingHolds = allowing.lower() <= truth && truth <= allowing.upper();
      covered[0] += holds ? 1 : 0;
      covered[1] += allowingHolds ? 1 : 0;
      System.out.printf(
          "run %2d: true accuracy %.3f over %d confident decisions; estimate %.3f"
              + " [%.3f, %.3f] from %d audit samples%s; allowing for %.3f wrong labels [%.3f, %.3f]%s%n",
          run,
          truth,
          confident,
          estimate.estimate(),
          estimate.lower(),
          estimate.upper(),
          estimate.n(),
          holds ? "" : "  <- outside",
          allowing.wrongLabels(),
          allowing.lower(),
          allowing.upper(),
          allowingHolds ? "" : "  <- outside");
    }
    return covered;
  }

  /** The checker's answer: the ground truth with the given chance, else any other class alike. */
  private static ObjectClass answer(Frame frame, double accuracy, Random random) {
    if (random.nextDouble() < accuracy) {
      return frame.getGroundTruth();
    }
    List<ObjectClass> others = new ArrayList<>(List.of(ObjectClass.values()));
    others.remove(frame.getGroundTruth());
    return others.get(random.nextInt(others.size()));
  }

  private static HumanLabel verdict(long sequence, Frame frame, ObjectClass answer) {
    Instant at = Instant.EPOCH;
    return HumanLabel.newBuilder()
        .setSequence(sequence)
        .setTaskId(frame.getFrameId())
        .setFrameId(frame.getFrameId())
        .setKind(TaskKind.AUDIT)
        .setOutcome(LabelOutcome.VERIFIED)
        .setLabel(answer)
        .setAnswers(
            List.of(
                LabellerAnswer.newBuilder()
                    .setLabellerId(CHECKER)
                    .setAnswer(answer)
                    .setActiveMillis(3000)
                    .setPayCents(4)
                    .setAnsweredAt(at)
                    .build()))
        .setAgreement(1f)
        .setVerifiedAt(at)
        .build();
  }
}
