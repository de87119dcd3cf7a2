package dev.handmade.model.training;

import dev.handmade.model.classifier.ConfidenceThreshold;
import dev.handmade.model.classifier.FrameClassifier;
import dev.handmade.model.classifier.ModelEvaluator;
import dev.handmade.model.classifier.ReplayBuffer;
import dev.handmade.model.classifier.TemperatureScaling;
import dev.handmade.model.classifier.Trainer;
import dev.handmade.schema.Evaluation;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LabelOrigin;
import dev.handmade.schema.LabourSummary;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.TrainingExample;
import dev.handmade.storage.registry.LoadedModel;
import dev.handmade.storage.registry.ModelRegistry;
import dev.handmade.storage.registry.RoundRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn of the retraining loop: a candidate from the deployed model (or from scratch when
 * none is deployed), calibrated and given a threshold on verified evidence, compared with the
 * deployed model on the same evidence, and published and deployed only if it is no worse: not
 * less accurate by more than chance explains, not leaving every frame to people where the
 * deployed version lets the machine decide some, and not letting the machine decide a smaller
 * share of frames than the deployed version does. The threshold and both accuracies weight each verified frame by the
 * inverse of its chance of having reached people, so they hold for all frames, not just for the
 * ones people happened to see (see {@link ConfidenceThreshold}).
 *
 * <p><b>A round is idempotent by its number.</b> After a failure the trainer may run a round
 * again that had already published: the version records its round, and what a round concluded
 * is kept in the registry ({@link RoundRecord}), so a re-run finds its earlier outcome instead of
 * publishing a second version for the same labels.
 */
public final class TrainingRound {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingRound.class);

  /**
   * @param targetAccuracy the accuracy machine decisions must reach against the truth; sets the threshold
   * @param minThresholdSupport fewest effective verified frames in the most confident region tested
   */
  public record Policy(double targetAccuracy, int minThresholdSupport) {
    public Policy {
      if (!(targetAccuracy > 0 && targetAccuracy <= 1)) {
        throw new IllegalArgumentException(
            "targetAccuracy must be in (0, 1], got " + targetAccuracy);
      }
      if (minThresholdSupport < 1) {
        throw new IllegalArgumentException(
            "minThresholdSupport must be at least 1, got " + minThresholdSupport);
      }
    }

    public static final int DEFAULT_MIN_THRESHOLD_SUPPORT = 100;

    public static Policy defaults() {
      return new Policy(0.95, DEFAULT_MIN_THRESHOLD_SUPPORT);
    }

    public Policy withTargetAccuracy(double target) {
      return new Policy(target, minThresholdSupport);
    }
  }

  /**
   * What a round did. {@code published} is empty when the candidate failed the gate; the
   * evaluations are empty when the round was found already done in the registry (a re-run).
   */
  public record Outcome(
      Optional<ModelVersion> published,
      double confidenceThreshold,
      String verdict,
      Optional<Evaluation> candidateEvaluation,
      Optional<Evaluation> parentEvaluation,
      double temperature) {}

  private final Trainer trainer;
  private final ModelRegistry registry;
  private final Policy policy;

  public TrainingRound(Trainer trainer, ModelRegistry registry, Policy policy) {
    this.trainer = Objects.requireNonNull(trainer, "trainer");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * @param round the round's number, unique across the trainer's life (restarts included)
   * @param newExamples the labels this round learns from
   * @param replay old examples to mix in when fine-tuning; the new ones are added to it
   * @param evidence verified frames never trained on: temperature, threshold and gate
   * @param labour the human work inside {@code newExamples}
   */
  public Outcome run(
      long round,
      List<TrainingExample> newExamples,
      ReplayBuffer replay,
      List<TrainingExample> evidence,
      LabourSummary labour,
      String description) {
    if (evidence.isEmpty()) {
      throw new IllegalArgumentException("a round needs verified evidence frames; got none");
    }
    Optional<Outcome> earlier = earlierOutcome(round);
    if (earlier.isPresent()) {
      replay.addAll(newExamples);
      return earlier.get();
    }
    Instant started = Instant.now();
    Optional<LoadedModel> deployed = registry.loadDeployed();
    Optional<FrameClassifier> parent =
        deployed.map(m -> FrameClassifier.fromBytes(m.modelBytes(), m.version().getVersion()));
    String provisional = "candidate";
    FrameClassifier candidate =
        parent.isPresent()
            ? trainer.fineTune(parent.get(), newExamples, replay, provisional)
            : trainer.trainFromScratch(newExamples, provisional);
    if (parent.isEmpty()) {
      replay.addAll(newExamples);
    }

    List<Frame> evidenceFrames = frames(evidence);
    int[] evidenceLabels = evidence.stream().mapToInt(e -> e.getLabel().ordinal()).toArray();
    // one scalar fitted on the evidence; the threshold test below treats it as given
    double temperature =
        TemperatureScaling.fit(candidate.uncalibratedProbabilities(evidenceFrames), evidenceLabels);
    candidate = candidate.withTemperature(temperature);
    List<Prediction> candidatePredictions = candidate.predict(evidenceFrames);
    ConfidenceThreshold.Choice threshold =
        ConfidenceThreshold.choose(
            candidatePredictions, evidence, policy.targetAccuracy(), policy.minThresholdSupport());

    String evidenceName = evidence.size() + " verified evidence frames";
    Evaluation candidateEvaluation =
        ModelEvaluator.evaluate(candidatePredictions, labels(evidence), evidenceName);
    double candidateAccuracy = weightedAccuracy(candidatePredictions, evidence);
    Optional<List<Prediction>> parentPredictions = parent.map(p -> p.predict(evidenceFrames));
    Optional<Evaluation> parentEvaluation =
        parentPredictions.map(p -> ModelEvaluator.evaluate(p, labels(evidence), evidenceName));
    Optional<Double> parentAccuracy = parentPredictions.map(p -> weightedAccuracy(p, evidence));

    boolean parentDecides =
        deployed.isPresent()
            && deployed.get().version().getConfidenceThreshold()
                < ConfidenceThreshold.EVERYTHING_TO_PEOPLE;
    double parentShare =
        parentDecides
            ? parentShare(
                parentPredictions.get(),
                evidence,
                deployed.get().version().getConfidenceThreshold())
            : 0;
    String verdict = null;
    if (parentDecides && !threshold.certified()) {
      // deploying it would send every frame to people: no better for having learnt more
      verdict =
          String.format(
              "rejected: the deployed %s lets the machine decide above %.4f, the candidate would "
                  + "send every frame to people: %s",
              deployed.get().version().getVersion(),
              deployed.get().version().getConfidenceThreshold(),
              threshold.explanation());
    } else if (parentDecides && threshold.decidedShare() < parentShare) {
      // both promise the target accuracy; the one that lets the machine decide more is the better
      verdict =
          String.format(
              "rejected: the candidate would let the machine decide about %.1f%% of frames, the "
                  + "deployed %s about %.1f%% on the same evidence: %s",
              100 * threshold.decidedShare(),
              deployed.get().version().getVersion(),
              100 * parentShare,
              threshold.explanation());
    } else if (parentPredictions.isPresent()
        && significantlyWorse(candidatePredictions, parentPredictions.get(), evidence)) {
      verdict =
          String.format(
              "rejected: accuracy on the weighted evidence %.4f is below the deployed %s's %.4f, "
                  + "by more than chance explains (paired, %d%% one-sided)",
              candidateAccuracy,
              deployed.get().version().getVersion(),
              parentAccuracy.get(),
              ConfidenceThreshold.CONFIDENCE_PERCENT);
    }
    if (verdict != null) {
      LOG.info("round {} {}", round, verdict);
      registry.recordRound(
          new RoundRecord(round, started, Instant.now(), null, threshold.threshold(), verdict));
      return new Outcome(
          Optional.empty(),
          threshold.threshold(),
          verdict,
          Optional.of(candidateEvaluation),
          parentEvaluation,
          temperature);
    }
    ModelVersion.Builder draft =
        ModelVersion.newBuilder()
            .setParent(deployed.map(m -> m.version().getVersion()).orElse(null))
            .setTrainingExamples(newExamples.size())
            .setTrainingDescription(description)
            .setEvaluation(candidateEvaluation)
            .setTemperature(temperature)
            .setUncertaintyMeasure("confidence")
            .setConfidenceThreshold(threshold.threshold())
            .setThresholdEvidence(threshold.explanation())
            .setTargetAccuracy(policy.targetAccuracy())
            .setLabour(labour)
            .setTrainingRound(round)
            .setTrainingFrameIds(
                newExamples.stream()
                    .filter(e -> e.getOrigin() == LabelOrigin.HUMAN)
                    .map(e -> e.getFrame().getFrameId())
                    .toList());
    // the registry names the version; the classifier takes that name when it is loaded from there
    ModelVersion published = registry.publish(draft, candidate.toBytes());
    registry.deploy(published.getVersion());
    verdict =
        String.format(
            "deployed %s%s: accuracy on the weighted evidence %.4f%s; %s",
            published.getVersion(),
            deployed.isEmpty() ? ", the first model" : "",
            candidateAccuracy,
            parentAccuracy
                .map(
                    a ->
                        String.format(
                            ", deployed %s had %.4f", deployed.get().version().getVersion(), a))
                .orElse(""),
            threshold.explanation());
    LOG.info("round {} {}", round, verdict);
    registry.recordRound(
        new RoundRecord(
            round, started, Instant.now(), published.getVersion(), threshold.threshold(), verdict));
    return new Outcome(
        Optional.of(published),
        threshold.threshold(),
        verdict,
        Optional.of(candidateEvaluation),
        parentEvaluation,
        temperature);
  }

  /**
   * What round {@code round} concluded before, if it ran to the end already: its record, or a
   * published version naming it whose record was not written (the round died in between).
   */
  private Optional<Outcome> earlierOutcome(long round) {
    Optional<RoundRecord> record = registry.round(round);
    if (record.isPresent()) {
      Optional<ModelVersion> published =
          Optional.ofNullable(record.get().published()).map(registry::describe);
      LOG.info("round {} had already run: {}", round, record.get().verdict());
      return Optional.of(
          new Outcome(
              published,
              record.get().threshold(),
              record.get().verdict(),
              Optional.empty(),
              Optional.empty(),
              published.map(ModelVersion::getTemperature).orElse(Double.NaN)));
    }
    Optional<ModelVersion> latest =
        registry.latest().filter(v -> Long.valueOf(round).equals(v.getTrainingRound()));
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    ModelVersion published = latest.get();
    registry.deploy(published.getVersion());
    String verdict =
        "deployed " + published.getVersion() + " (published by this round before a restart)";
    registry.recordRound(
        new RoundRecord(
            round,
            published.getCreatedAt(),
            Instant.now(),
            published.getVersion(),
            published.getConfidenceThreshold(),
            verdict));
    return Optional.of(
        new Outcome(
            Optional.of(published),
            published.getConfidenceThreshold(),
            verdict,
            Optional.empty(),
            Optional.empty(),
            published.getTemperature()));
  }

  /** Accuracy on all frames, estimated from the evidence weighted by the inverse of its chance of reaching people. */
  static double weightedAccuracy(List<Prediction> predictions, List<TrainingExample> evidence) {
    double correct = 0;
    double total = 0;
    for (int i = 0; i < predictions.size(); i++) {
      double w = ConfidenceThreshold.weight(evidence.get(i));
      total += w;
      correct += predictions.get(i).getPredicted() == evidence.get(i).getLabel() ? w : 0;
    }
    return correct / total;
  }

  /**
   * The share of all frames the deployed version decides alone at its threshold, estimated on the
   * same weighted evidence as the candidate's, so that the two shares are compared like for like.
   */
  static double parentShare(
      List<Prediction> predictions, List<TrainingExample> evidence, double threshold) {
    double above = 0;
    double total = 0;
    for (int i = 0; i < predictions.size(); i++) {
      double w = ConfidenceThreshold.weight(evidence.get(i));
      total += w;
      above += predictions.get(i).getConfidence() >= threshold ? w : 0;
    }
    return above / total;
  }

  /**
   * Whether the candidate is less accurate than the deployed version by more than the evidence's
   * chance variation: the weighted mean of the per-frame differences (1, 0 or -1) is below zero
   * even at the upper end of its one-sided interval. A candidate trained on more labels that
   * merely ties is kept, not thrown away on noise.
   */
  static boolean significantlyWorse(
      List<Prediction> candidate, List<Prediction> deployed, List<TrainingExample> evidence) {
    int n = candidate.size();
    double[] x = new double[n];
    double[] w = new double[n];
    double sumW = 0;
    double sumWx = 0;
    for (int i = 0; i < n; i++) {
      ObjectClass label = evidence.get(i).getLabel();
      x[i] =
          (candidate.get(i).getPredicted() == label ? 1 : 0)
              - (deployed.get(i).getPredicted() == label ? 1 : 0);
      w[i] = ConfidenceThreshold.weight(evidence.get(i));
      sumW += w[i];
      sumWx += w[i] * x[i];
    }
    double mean = sumWx / sumW;
    double variance = 0;
    for (int i = 0; i < n; i++) {
      variance += w[i] * w[i] * (x[i] - mean) * (x[i] - mean);
    }
    double standardError = Math.sqrt(variance) / sumW;
    return mean + ConfidenceThreshold.Z * standardError < 0;
  }

  private static List<Frame> frames(List<TrainingExample> examples) {
    return examples.stream().map(TrainingExample::getFrame).toList();
  }

  private static List<ObjectClass> labels(List<TrainingExample> examples) {
    return examples.stream().map(TrainingExample::getLabel).toList();
  }
}
