package dev.handmade.model.experiment;

import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.model.training.DatasetLabels;
import dev.handmade.schema.Frame;
import dev.handmade.schema.TrainingExample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The frames of an experiment, all with ground truth.
 *
 * @param source what the frames are, in words, for the printed summary
 * @param pool the frames people may be asked to label; their ground truth stands for people's
 *     answers (people who never err: the loop's people do, which this leaves out)
 * @param heldOut frames never trained on, labelled once for every strategy alike: they stand
 *     for the loop's evidence frames (temperature, threshold) and measure accuracy. They are not
 *     counted as human labels, being the same for every strategy.
 */
public record ActiveLearningData(
    String source, List<TrainingExample> pool, List<TrainingExample> heldOut) {

  public ActiveLearningData {
    pool = List.copyOf(pool);
    heldOut = List.copyOf(heldOut);
    if (pool.isEmpty() || heldOut.isEmpty()) {
      throw new IllegalArgumentException(
          "need frames in both the pool and the held-out set; got "
              + pool.size()
              + " and "
              + heldOut.size());
    }
  }

  /** Simulated frames: the pool first, then the held-out set, from one simulator stream. */
  public static ActiveLearningData fromSimulator(
      long simulatorSeed, int poolSize, int heldOutSize) {
    if (poolSize < 1 || heldOutSize < 1) {
      throw new IllegalArgumentException("pool and held-out set need at least one frame each");
    }
    SensorSimulator simulator = SensorSimulator.builder().seed(simulatorSeed).build();
    return new ActiveLearningData(
        String.format(
            "%d simulated frames (seed %d), %d held out", poolSize, simulatorSeed, heldOutSize),
        DatasetLabels.of(simulator.frames(0, poolSize)),
        DatasetLabels.of(simulator.frames(poolSize, heldOutSize)));
  }

  /**
   * Frames read from drive logs: those with ground truth (imported labelled objects; proposals
   * have none and are left out), shuffled with {@code seed} and split.
   *
   * @throws IllegalArgumentException when fewer than two frames carry ground truth
   */
  public static ActiveLearningData fromFrames(
      String source, List<Frame> frames, int heldOutSize, long seed) {
    List<Frame> withTruth =
        new ArrayList<>(frames.stream().filter(f -> f.getGroundTruth() != null).toList());
    if (withTruth.size() < 2) {
      throw new IllegalArgumentException(
          source
              + ": "
              + withTruth.size()
              + " of "
              + frames.size()
              + " frames carry ground truth; an experiment needs at least 2 (a pool and a held-out set)");
    }
    Collections.shuffle(withTruth, new Random(seed));
    int held = Math.max(1, Math.min(heldOutSize, withTruth.size() / 2));
    return new ActiveLearningData(
        String.format(
            "%s: %d frames with ground truth (of %d), %d held out",
            source, withTruth.size(), frames.size(), held),
        DatasetLabels.of(withTruth.subList(held, withTruth.size())),
        DatasetLabels.of(withTruth.subList(0, held)));
  }
}
