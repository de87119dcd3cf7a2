package dev.handmade.model.training;

import dev.handmade.schema.Frame;
import dev.handmade.schema.LabelOrigin;
import dev.handmade.schema.TrainingExample;
import java.util.List;

/**
 * Frames labelled by their own ground truth: training examples whose label comes from a dataset
 * (the simulator's truth, or an imported drive log's), not from people.
 */
public final class DatasetLabels {

  private DatasetLabels() {}

  public static TrainingExample of(Frame frame) {
    return TrainingExample.newBuilder()
        .setFrame(frame)
        .setLabel(frame.getGroundTruth())
        .setOrigin(LabelOrigin.DATASET)
        .build();
  }

  public static List<TrainingExample> of(List<Frame> frames) {
    return frames.stream().map(DatasetLabels::of).toList();
  }
}
