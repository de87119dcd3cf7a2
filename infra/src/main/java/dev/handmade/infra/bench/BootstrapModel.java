package dev.handmade.infra.bench;

import dev.handmade.model.classifier.ReplayBuffer;
import dev.handmade.model.classifier.Trainer;
import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.model.training.DatasetLabels;
import dev.handmade.model.training.TrainingRound;
import dev.handmade.schema.LabourSummary;
import dev.handmade.schema.TrainingExample;
import dev.handmade.storage.registry.ModelRegistry;
import java.util.List;

/**
 * A first model for the benchmarks, so that they measure a loop where the machine already
 * decides: trained by the loop's own training round on simulated frames labelled with the
 * simulator's truth (as a dataset, not people), and deployed in the registry.
 */
public final class BootstrapModel {

  private BootstrapModel() {}

  /** Trains on {@code frames} simulated frames, calibrates on 800 others, and deploys the result. */
  public static TrainingRound.Outcome publish(ModelRegistry registry, int frames, long seed) {
    List<TrainingExample> examples =
        DatasetLabels.of(SensorSimulator.builder().seed(seed + 1).build().frames(0, frames));
    List<TrainingExample> evidence =
        DatasetLabels.of(SensorSimulator.builder().seed(seed + 2).build().frames(0, 800));
    return new TrainingRound(
            new Trainer(Trainer.Config.defaults()), registry, TrainingRound.Policy.defaults())
        .run(
            registry.nextRoundNumber(),
            examples,
            new ReplayBuffer(3000, seed),
            evidence,
            LabourSummary.newBuilder()
                .setHumanLabels(0)
                .setLabellerIds(List.of())
                .setActiveHours(0)
                .setCostCents(0)
                .build(),
            "benchmark bootstrap");
  }
}
