package dev.handmade.model.training;

import dev.handmade.model.classifier.ConfidenceThreshold;
import dev.handmade.model.classifier.FrameClassifier;
import dev.handmade.model.classifier.ModelEvaluator;
import dev.handmade.model.classifier.ReplayBuffer;
import dev.handmade.model.classifier.TemperatureScaling;
import dev.handmade.model.classifier.Trainer;
import dev.handmade.storage.registry.LoadedModel;
import dev.handmade.storage.registry.ModelRegistry;
import dev.handmade.schema.Evaluation;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LabelOrigin;
import dev.handmade.schema.LabourSummary;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.TrainingExample;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn of the retraining loop: a candidate from the deployed model (or from scratch when
 * none is deployed), calibrated and thresholded on verified data, evaluated against the
 * deployed model on held-out verified data, and published and deployed only if it is no worse:
 * no less accurate on the held-out set, and not leaving every frame to people where the deployed
 * version lets the machine decide some.
 */
public final class TrainingRound {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingRound.class);

  /**
   * @param targetAccuracy the accuracy machine decisions must reach; sets the confidence threshold
   * @param minThresholdSupport fewest verified frames above a threshold that count as evidence for it
   */
  public record Policy(double targetAccuracy, int minThresholdSupport) {
    public Policy {
      if (!(targetAccuracy > 0 && targetAccuracy <= 1)) {
        throw new IllegalArgumentException("targetAccuracy must be in (0, 1], got " + targetAccuracy);
      }
      if (minThresholdSupport < 1) {
        throw new IllegalArgumentException("minThresholdSupport must be at least 1, got " + minThresholdSupport);
      }
    }

    public static Policy defaults() {
      return new Policy(0.95, 50);
    }
  }

  /**
   * What a round did. {@code published} is empty when the candidate failed the gate, and
   * {@code parentEvaluation} is empty when there was no deployed model to compare with.
   */
  public record Outcome(Evaluation candidateEvaluation, Optional<Evaluation> parentEvaluation, double temperature,
      double confidenceThreshold, Optional<ModelVersion> published, String verdict) {}

  private final Trainer trainer;
  private final ModelRegistry registry;
  private final Policy policy;

  public TrainingRound(Trainer trainer, ModelRegistry registry, Policy policy) {
    this.trainer = Objects.requireNonNull(trainer, "trainer");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * @param newExamples the labels this round learns from
   * @param replay old examples to mix in when fine-tuning; the new ones are added to it
   * @param calibration verified frames for the temperature and the threshold
   * @param heldOut verified frames for the gate, never trained on
   * @param labour the human work inside {@code newExamples}
   */
  public Outcome run(List<TrainingExample> newExamples, ReplayBuffer replay, List<TrainingExample> calibration,
      List<TrainingExample> heldOut, LabourSummary labour, String description) {
    if (calibration.isEmpty() || heldOut.isEmpty()) {
      throw new IllegalArgumentException("a round needs verified calibration and held-out examples; got "
          + calibration.size() + " and " + heldOut.size());
    }
    Optional<LoadedModel> deployed = registry.loadDeployed();
    Optional<FrameClassifier> parent = deployed.map(m ->
        FrameClassifier.fromBytes(m.modelBytes(), m.version().getVersion()));
    String provisional = "candidate";
    FrameClassifier candidate = parent.isPresent()
        ? trainer.fineTune(parent.get(), newExamples, replay, provisional)
        : trainer.trainFromScratch(newExamples, provisional);
    if (parent.isEmpty()) {
      replay.addAll(newExamples);
    }

    List<Frame> calibrationFrames = frames(calibration);
    int[] calibrationLabels = calibration.stream().mapToInt(e -> e.getLabel().ordinal()).toArray();
    double temperature = TemperatureScaling.fit(candidate.uncalibratedProbabilities(calibrationFrames), calibrationLabels);
    candidate = candidate.withTemperature(temperature);
    double threshold = ConfidenceThreshold.choose(candidate.predict(calibrationFrames), labels(calibration),
        policy.targetAccuracy(), policy.minThresholdSupport());

    String heldOutName = heldOut.size() + " held-out verified frames";
    List<Frame> heldOutFrames = frames(heldOut);
    Evaluation candidateEvaluation = evaluate(candidate.predict(heldOutFrames), heldOut, heldOutName);
    Optional<Evaluation> parentEvaluation = parent.map(p -> evaluate(p.predict(heldOutFrames), heldOut, heldOutName));

    boolean parentDecides = deployed.isPresent()
        && deployed.get().version().getConfidenceThreshold() < ConfidenceThreshold.EVERYTHING_TO_PEOPLE;
    if (parentDecides && threshold >= ConfidenceThreshold.EVERYTHING_TO_PEOPLE) {
      // deploying it would send every frame to people: no better for having learnt more
      String verdict = String.format("rejected: on %d calibration frames no confidence threshold reaches %.0f%%, "
          + "while the deployed %s lets the machine decide above %.4f", calibration.size(),
          100 * policy.targetAccuracy(), deployed.get().version().getVersion(),
          deployed.get().version().getConfidenceThreshold());
      LOG.info(verdict);
      return new Outcome(candidateEvaluation, parentEvaluation, temperature, threshold, Optional.empty(), verdict);
    }
    if (parentEvaluation.isPresent() && candidateEvaluation.getAccuracy() < parentEvaluation.get().getAccuracy()) {
      String verdict = String.format("rejected: held-out accuracy %.4f is below the deployed %s's %.4f",
          candidateEvaluation.getAccuracy(), deployed.get().version().getVersion(),
          parentEvaluation.get().getAccuracy());
      LOG.info(verdict);
      return new Outcome(candidateEvaluation, parentEvaluation, temperature, threshold, Optional.empty(), verdict);
    }
    ModelVersion.Builder draft = ModelVersion.newBuilder()
        .setParent(deployed.map(m -> m.version().getVersion()).orElse(null))
        .setTrainingExamples(newExamples.size())
        .setTrainingDescription(description)
        .setEvaluation(candidateEvaluation)
        .setTemperature(temperature)
        .setUncertaintyMeasure("confidence")
        .setConfidenceThreshold(threshold)
        .setTargetAccuracy(policy.targetAccuracy())
        .setLabour(labour)
        .setTrainingFrameIds(newExamples.stream()
            .filter(e -> e.getOrigin() == LabelOrigin.HUMAN)
            .map(e -> e.getFrame().getFrameId()).toList());
    // the registry names the version; the classifier takes that name when it is loaded from there
    ModelVersion published = registry.publish(draft, candidate.toBytes());
    registry.deploy(published.getVersion());
    String verdict = parentEvaluation
        .map(p -> String.format("deployed %s: held-out accuracy %.4f, deployed %s had %.4f", published.getVersion(),
            candidateEvaluation.getAccuracy(), deployed.get().version().getVersion(), p.getAccuracy()))
        .orElse(String.format("deployed %s, the first model: held-out accuracy %.4f", published.getVersion(),
            candidateEvaluation.getAccuracy()));
    LOG.info(verdict);
    return new Outcome(candidateEvaluation, parentEvaluation, temperature, threshold, Optional.of(published), verdict);
  }

  private static Evaluation evaluate(List<Prediction> predictions, List<TrainingExample> truth, String name) {
    return ModelEvaluator.evaluate(predictions, labels(truth), name);
  }

  private static List<Frame> frames(List<TrainingExample> examples) {
    return examples.stream().map(TrainingExample::getFrame).toList();
  }

  private static List<ObjectClass> labels(List<TrainingExample> examples) {
    return examples.stream().map(TrainingExample::getLabel).toList();
  }
}
