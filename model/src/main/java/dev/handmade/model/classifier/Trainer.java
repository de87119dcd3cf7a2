package dev.handmade.model.classifier;

import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.TrainingExample;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Trains the fusion network from scratch, or fine-tunes a parent on new labels with replay. */
public final class Trainer {

  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private static final int MIN_REPLAY = 1000;

  /**
   * @param cropSize camera input side, pixels
   * @param points lidar points per frame fed to the network
   * @param epochs passes over the data when training from scratch
   * @param batchSize examples per gradient step
   * @param learningRate Adam step size from scratch
   * @param fineTuneEpochs passes over new labels plus replay when fine-tuning
   * @param fineTuneLearningRate Adam step size when fine-tuning: smaller, to move the parent, not replace it
   * @param replayPerNewExample replayed old examples mixed in per new one
   * @param seed weights, shuffling and dropout
   */
  public record Config(
      int cropSize,
      int points,
      int epochs,
      int batchSize,
      double learningRate,
      int fineTuneEpochs,
      double fineTuneLearningRate,
      double replayPerNewExample,
      long seed) {

    public static Config defaults() {
      return new Config(32, 128, 5, 64, 2e-3, 4, 1e-3, 2.0, 42);
    }

    public Config withEpochs(int e) {
      return new Config(
          cropSize,
          points,
          e,
          batchSize,
          learningRate,
          fineTuneEpochs,
          fineTuneLearningRate,
          replayPerNewExample,
          seed);
    }

    public Config withSeed(long s) {
      return new Config(
          cropSize,
          points,
          epochs,
          batchSize,
          learningRate,
          fineTuneEpochs,
          fineTuneLearningRate,
          replayPerNewExample,
          s);
    }
  }

  private final Config config;
  private final Clock clock;

  public Trainer(Config config) {
    this(config, Clock.systemUTC());
  }

  public Trainer(Config config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  public Config config() {
    return config;
  }

  /** A new network trained on {@code examples}; temperature 1 until calibrated. */
  public FrameClassifier trainFromScratch(List<TrainingExample> examples, String version) {
    requireExamples(examples);
    ComputationGraph graph =
        FusionNetwork.create(
            config.cropSize(),
            config.points(),
            FrameClassifier.CLASSES,
            config.learningRate(),
            config.seed());
    FrameClassifier classifier =
        new FrameClassifier(
            graph, new FrameTensors(config.cropSize(), config.points()), 1.0, version, clock);
    fit(classifier, examples, config.epochs(), config.seed());
    return classifier;
  }

  /**
   * A child of {@code parent}, trained further on {@code newExamples} mixed with a replay sample;
   * the parent is left untouched. The new examples are added to the replay buffer afterwards.
   */
  public FrameClassifier fineTune(
      FrameClassifier parent,
      List<TrainingExample> newExamples,
      ReplayBuffer replay,
      String version) {
    requireExamples(newExamples);
    FrameClassifier child = parent.copy().withVersion(version);
    child.graph().setLearningRate(config.fineTuneLearningRate());
    List<TrainingExample> mix = new ArrayList<>(newExamples);
    // early on, when new labels are few, rehearse at least MIN_REPLAY old ones: a few hundred
    // examples alone would pull the network towards whatever this batch happens to hold
    int replayed =
        (int) Math.max(Math.round(newExamples.size() * config.replayPerNewExample()), MIN_REPLAY);
    mix.addAll(replay.sample(replayed));
    fit(child, mix, config.fineTuneEpochs(), config.seed() ^ replay.seen());
    replay.addAll(newExamples);
    return child;
  }

  private void fit(
      FrameClassifier classifier, List<TrainingExample> examples, int epochs, long seed) {
    List<TrainingExample> order = new ArrayList<>(examples);
    Random shuffle = new Random(seed);
    Nd4j.getRandom().setSeed(seed);
    ComputationGraph graph = classifier.graph();
    FrameTensors tensors = classifier.tensors();
    for (int epoch = 0; epoch < epochs; epoch++) {
      Collections.shuffle(order, shuffle);
      double lossSum = 0;
      int batches = 0;
      for (int from = 0; from < order.size(); from += config.batchSize()) {
        if (Thread.currentThread().isInterrupted()) {
          // a training round stops between two steps when its thread is interrupted (the job is
          // cancelled)
          throw new CancellationException(
              "training of " + classifier.version() + " cancelled in epoch " + (epoch + 1));
        }
        List<TrainingExample> batch =
            order.subList(from, Math.min(order.size(), from + config.batchSize()));
        graph.fit(toDataSet(batch, tensors));
        lossSum += graph.score();
        batches++;
      }
      LOG.info(
          "{} epoch {}/{}: mean loss {}",
          classifier.version(),
          epoch + 1,
          epochs,
          String.format("%.4f", lossSum / batches));
    }
  }

  static MultiDataSet toDataSet(List<TrainingExample> batch, FrameTensors tensors) {
    List<dev.handmade.schema.Frame> frames = new ArrayList<>(batch.size());
    int[] labels = new int[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      frames.add(batch.get(i).getFrame());
      labels[i] = batch.get(i).getLabel().ordinal();
    }
    return new MultiDataSet(
        new org.nd4j.linalg.api.ndarray.INDArray[] {tensors.camera(frames), tensors.lidar(frames)},
        new org.nd4j.linalg.api.ndarray.INDArray[] {
          FrameTensors.oneHot(labels, ObjectClass.values().length)
        });
  }

  private static void requireExamples(List<TrainingExample> examples) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no training examples");
    }
  }
}
