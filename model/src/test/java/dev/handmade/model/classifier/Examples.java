package dev.handmade.model.classifier;

import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.model.training.DatasetLabels;
import dev.handmade.schema.Frame;
import dev.handmade.schema.TrainingExample;
import java.util.List;

/** Simulated, ground-truth-labelled examples for the classifier tests. */
final class Examples {

  private Examples() {}

  static List<Frame> frames(long seed, int count) {
    return SensorSimulator.builder().seed(seed).build().frames(0, count);
  }

  static List<TrainingExample> labelled(long seed, int count) {
    return frames(seed, count).stream().map(Examples::labelled).toList();
  }

  static TrainingExample labelled(Frame f) {
    return DatasetLabels.of(f);
  }
}
