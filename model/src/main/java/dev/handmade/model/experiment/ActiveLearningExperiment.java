package dev.handmade.model.experiment;

import dev.handmade.model.classifier.ConfidenceThreshold;
import dev.handmade.model.classifier.FrameClassifier;
import dev.handmade.model.classifier.ReplayBuffer;
import dev.handmade.model.classifier.TemperatureScaling;
import dev.handmade.model.classifier.Trainer;
import dev.handmade.model.training.TrainingRound;
import dev.handmade.schema.Frame;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.TrainingExample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the loop's own parts in rounds for each strategy and seed. Per seed, one model is trained
 * from scratch on a random seed set, and every strategy starts from a copy of it. Each round:
 *
 * <ol>
 *   <li>the temperature is fitted on the held-out frames and the loop's threshold chosen on them
 *       ({@link TemperatureScaling}, {@link ConfidenceThreshold}, as a training round does on its
 *       evidence), and the accuracy measured there;
 *   <li>the strategy picks the next frames people label, from the unlabelled pool (or a random
 *       sample of it, {@link Config#candidates()}, to bound the cost of scoring);
 *   <li>the model is fine-tuned on them with replay of every earlier label ({@link
 *       Trainer#fineTune}, as the loop retrains).
 * </ol>
 *
 * The loop's deployment gate is left out: it would keep a worse candidate from replacing a
 * better model, the same for every strategy, and here every candidate goes on.
 */
public final class ActiveLearningExperiment {

  /** Frames per forward pass when scoring: large enough to amortise DL4J's per-call cost. */
  private static final int SCORING_BATCH = 256;

  /**
   * @param seedLabels frames labelled at random before the first round (counted as human labels)
   * @param labelsPerRound people's budget per round
   * @param rounds rounds after the seed model
   * @param seeds one run of every strategy per seed: seed set, weights, shuffling, random picks
   * @param candidates unlabelled frames scored per round, drawn at random from the pool; 0 scores
   *     the whole pool
   * @param mcPasses MC-dropout passes for BALD
   * @param training the trainer's settings (from-scratch epochs for the seed model, fine-tuning
   *     epochs and rate for the rounds); its seed is replaced by each run's
   * @param machineTarget the accuracy the loop's threshold must certify for the machine's decisions
   * @param minThresholdSupport fewest effective frames in the most confident region tested
   * @param parallelSeeds seeds run at once, each on a thread of its own with its own models; the
   *     results do not depend on it
   */
  public record Config(
      int seedLabels,
      int labelsPerRound,
      int rounds,
      List<Long> seeds,
      int candidates,
      int mcPasses,
      Trainer.Config training,
      double machineTarget,
      int minThresholdSupport,
      int parallelSeeds) {

    public Config {
      seeds = List.copyOf(seeds);
      Objects.requireNonNull(training, "training");
      if (seedLabels < 1 || labelsPerRound < 1 || rounds < 1) {
        throw new IllegalArgumentException(
            String.format(
                "seed labels, labels per round and rounds must each be at least 1; got %d, %d, %d",
                seedLabels, labelsPerRound, rounds));
      }
      if (seeds.isEmpty()) {
        throw new IllegalArgumentException("need at least one seed");
      }
      if (seeds.stream().distinct().count() != seeds.size()) {
        throw new IllegalArgumentException("seeds repeat: " + seeds);
      }
      if (candidates < 0) {
        throw new IllegalArgumentException(
            "candidates must be 0 (the whole pool) or more, got " + candidates);
      }
      if (mcPasses < 2) {
        throw new IllegalArgumentException("MC dropout needs at least 2 passes, got " + mcPasses);
      }
      if (parallelSeeds < 1) {
        throw new IllegalArgumentException(
            "parallel seeds must be at least 1, got " + parallelSeeds);
      }
      // the same checks as the loop's policy, with its messages
      new TrainingRound.Policy(machineTarget, minThresholdSupport);
    }

    /** Human labels the last round ends with. */
    public int totalLabels() {
      return seedLabels + rounds * labelsPerRound;
    }
  }

  /** Told after each step: a seed model trained, or a strategy's round done. */
  @FunctionalInterface
  public interface Progress {
    void step(int done, int total, String what);
  }

  private final Config config;

  public ActiveLearningExperiment(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public Config config() {
    return config;
  }

  /**
   * @throws IllegalArgumentException when the pool cannot hold the seed set and every round's labels
   */
  public ExperimentResult run(
      ActiveLearningData data, List<SelectionStrategy> strategies, Progress progress) {
    if (strategies.isEmpty()) {
      throw new IllegalArgumentException("no strategies to compare");
    }
    if (config.totalLabels() > data.pool().size()) {
      throw new IllegalArgumentException(
          String.format(
              "the pool holds %d frames, fewer than the %d labels the "
                  + "experiment asks for (%d seed labels + %d rounds x %d)",
              data.pool().size(),
              config.totalLabels(),
              config.seedLabels(),
              config.rounds(),
              config.labelsPerRound()));
    }
    int total = config.seeds().size() * (1 + strategies.size() * (config.rounds() + 1));
    AtomicInteger done = new AtomicInteger();
    // seeds may run on threads of their own: steps are told one at a time, in the order they finish
    Progress counted =
        (d, t, what) -> {
          synchronized (done) {
            progress.step(done.incrementAndGet(), total, what);
          }
        };
    List<List<RoundResult>> bySeed = new ArrayList<>();
    if (config.parallelSeeds() == 1) {
      for (long seed : config.seeds()) {
        bySeed.add(runSeed(seed, data, strategies, counted));
      }
    } else {
      ExecutorService pool =
          Executors.newFixedThreadPool(Math.min(config.parallelSeeds(), config.seeds().size()));
      try {
        List<Future<List<RoundResult>>> futures = new ArrayList<>();
        for (long seed : config.seeds()) {
          futures.add(pool.submit(() -> runSeed(seed, data, strategies, counted)));
        }
        for (Future<List<RoundResult>> f : futures) {
          bySeed.add(f.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("experiment interrupted");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    List<RoundResult> rows = new ArrayList<>();
    bySeed.forEach(rows::addAll);
    return new ExperimentResult(
        data.source(),
        strategies.stream().map(SelectionStrategy::name).toList(),
        config.seeds(),
        rows,
        config.machineTarget());
  }

  /** Every strategy's rounds for one seed, all starting from one model trained on the seed's seed set. */
  private List<RoundResult> runSeed(
      long seed, ActiveLearningData data, List<SelectionStrategy> strategies, Progress progress) {
    List<RoundResult> rows = new ArrayList<>();
    Trainer trainer = new Trainer(config.training().withSeed(seed));
    int[] seedSet =
        new RandomSampling()
            .select(
                ScoredPool.unscored(data.pool().size()),
                config.seedLabels(),
                new SplittableRandom(seed));
    List<TrainingExample> seedExamples = pick(data.pool(), seedSet);
    FrameClassifier seedModel = trainer.trainFromScratch(seedExamples, "seed-" + seed);
    progress.step(
        0, 0, "seed " + seed + ": model trained on " + seedExamples.size() + " seed labels");
    for (SelectionStrategy strategy : strategies) {
      // each strategy draws from its own stream, so adding a strategy changes no other's picks
      SplittableRandom random =
          new SplittableRandom(seed * 1_000_003L + strategy.name().hashCode());
      ReplayBuffer replay = new ReplayBuffer(config.totalLabels(), seed);
      replay.addAll(seedExamples);
      boolean[] labelled = new boolean[data.pool().size()];
      for (int i : seedSet) {
        labelled[i] = true;
      }
      int labels = seedSet.length;
      FrameClassifier model = seedModel.copy();
      for (int round = 0; ; round++) {
        Measured m = measure(model, data.heldOut());
        String done =
            String.format(
                "seed %d, %s, round %d/%d: accuracy %.3f at %d labels",
                seed, strategy.name(), round, config.rounds(), m.accuracy(), labels);
        if (round == config.rounds()) {
          rows.add(row(strategy, seed, round, labels, m, PickProfile.NONE));
          progress.step(0, 0, done);
          break;
        }
        int[] candidates = candidates(labelled, random);
        ScoredPool scored = score(m.model(), data.pool(), candidates, strategy.scoring(), random);
        int[] chosen = strategy.select(scored, config.labelsPerRound(), random);
        List<TrainingExample> asked = new ArrayList<>(chosen.length);
        for (int c : chosen) {
          int i = candidates[c];
          if (labelled[i]) {
            throw new IllegalStateException(strategy.name() + " picked a frame twice: " + i);
          }
          labelled[i] = true;
          asked.add(data.pool().get(i));
        }
        model =
            trainer.fineTune(
                m.model(), asked, replay, strategy.name() + "-" + seed + "-r" + (round + 1));
        List<Frame> askedFrames = asked.stream().map(TrainingExample::getFrame).toList();
        PickProfile picks =
            PickProfile.of(asked, m.model().predict(askedFrames), model.predict(askedFrames));
        rows.add(row(strategy, seed, round, labels, m, picks));
        progress.step(0, 0, done);
        labels += asked.size();
      }
    }
    return rows;
  }

  private static RoundResult row(
      SelectionStrategy strategy, long seed, int round, int labels, Measured m, PickProfile picks) {
    return new RoundResult(
        strategy.name(),
        seed,
        round,
        labels,
        m.accuracy(),
        m.model().temperature(),
        m.choice().threshold(),
        m.choice().decidedShare(),
        m.machineAccuracy(),
        picks);
  }

  private record Measured(
      FrameClassifier model,
      double accuracy,
      ConfidenceThreshold.Choice choice,
      double machineAccuracy) {}

  /** The held-out frames do what a round's evidence does: temperature, threshold, accuracy. */
  private Measured measure(FrameClassifier model, List<TrainingExample> heldOut) {
    List<Frame> frames = heldOut.stream().map(TrainingExample::getFrame).toList();
    float[][] raw = uncalibrated(model, frames);
    int[] labels = heldOut.stream().mapToInt(e -> e.getLabel().ordinal()).toArray();
    FrameClassifier calibrated = model.withTemperature(TemperatureScaling.fit(raw, labels));
    List<Prediction> predictions = calibrated.predictionsFrom(frames, raw);
    ConfidenceThreshold.Choice choice =
        ConfidenceThreshold.choose(
            predictions, heldOut, config.machineTarget(), config.minThresholdSupport());
    int correct = 0;
    int decided = 0;
    int decidedCorrect = 0;
    for (int i = 0; i < predictions.size(); i++) {
      boolean right = predictions.get(i).getPredicted() == heldOut.get(i).getLabel();
      correct += right ? 1 : 0;
      if (predictions.get(i).getConfidence() >= choice.threshold()) {
        decided++;
        decidedCorrect += right ? 1 : 0;
      }
    }
    return new Measured(
        calibrated,
        (double) correct / predictions.size(),
        choice,
        decided == 0 ? Double.NaN : (double) decidedCorrect / decided);
  }

  /** The unlabelled frames scored this round: all, or a random sample of {@link Config#candidates()}. */
  private int[] candidates(boolean[] labelled, SplittableRandom random) {
    int[] unlabelled = new int[labelled.length];
    int n = 0;
    for (int i = 0; i < labelled.length; i++) {
      if (!labelled[i]) {
        unlabelled[n++] = i;
      }
    }
    if (config.candidates() == 0 || config.candidates() >= n) {
      return Arrays.copyOf(unlabelled, n);
    }
    int[] drawn = new RandomSampling().select(ScoredPool.unscored(n), config.candidates(), random);
    int[] out = new int[drawn.length];
    for (int i = 0; i < drawn.length; i++) {
      out[i] = unlabelled[drawn[i]];
    }
    Arrays.sort(out);
    return out;
  }

  private ScoredPool score(
      FrameClassifier model,
      List<TrainingExample> pool,
      int[] candidates,
      SelectionStrategy.Scoring scoring,
      SplittableRandom random) {
    int n = candidates.length;
    if (scoring == SelectionStrategy.Scoring.NONE) {
      return ScoredPool.unscored(n);
    }
    float[][] probabilities = new float[n][];
    float[] mutualInformation =
        scoring == SelectionStrategy.Scoring.MC_DROPOUT ? new float[n] : null;
    float[][] features = scoring == SelectionStrategy.Scoring.FEATURES ? new float[n][] : null;
    for (int from = 0; from < n; from += SCORING_BATCH) {
      int to = Math.min(n, from + SCORING_BATCH);
      List<Frame> batch = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        batch.add(pool.get(candidates[i]).getFrame());
      }
      List<Prediction> predictions;
      switch (scoring) {
        case FEATURES -> {
          FrameClassifier.WithFeatures out = model.predictWithFeatures(batch);
          predictions = out.predictions();
          System.arraycopy(out.features(), 0, features, from, to - from);
        }
        case MC_DROPOUT ->
            predictions = model.predictWithMcDropout(batch, config.mcPasses(), random.nextLong());
        default -> predictions = model.predict(batch);
      }
      for (int i = from; i < to; i++) {
        Prediction p = predictions.get(i - from);
        probabilities[i] = toArray(p.getProbabilities());
        if (mutualInformation != null) {
          mutualInformation[i] = p.getMutualInformation();
        }
      }
    }
    return new ScoredPool(n, probabilities, mutualInformation, features);
  }

  private static float[][] uncalibrated(FrameClassifier model, List<Frame> frames) {
    float[][] out = new float[frames.size()][];
    for (int from = 0; from < frames.size(); from += SCORING_BATCH) {
      int to = Math.min(frames.size(), from + SCORING_BATCH);
      float[][] batch = model.uncalibratedProbabilities(frames.subList(from, to));
      System.arraycopy(batch, 0, out, from, to - from);
    }
    return out;
  }

  private static List<TrainingExample> pick(List<TrainingExample> pool, int[] indices) {
    List<TrainingExample> out = new ArrayList<>(indices.length);
    for (int i : indices) {
      out.add(pool.get(i));
    }
    return out;
  }

  private static float[] toArray(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
