package dev.handmade.model.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.model.training.DatasetLabels;
import dev.handmade.schema.Frame;
import dev.handmade.schema.TrainingExample;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import dev.handmade.storage.registry.Drafts;
import dev.handmade.storage.registry.LoadedModel;
import dev.handmade.storage.registry.ModelRegistry;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A trained classifier published to the registry and loaded back computes exactly what it
 * computed before: same bits, same inputs. Run against each S3 server we support.
 */
abstract class ClassifierRoundTripContract {

  private static FrameClassifier trained;
  private static List<Frame> probe;

  protected abstract ObjectStore.Builder serverStore();

  @BeforeAll
  static void train() {
    SensorSimulator simulator = SensorSimulator.builder().seed(301).build();
    List<TrainingExample> examples =
        simulator.frames(0, 200).stream().map(DatasetLabels::of).toList();
    trained =
        new Trainer(Trainer.Config.defaults().withEpochs(1))
            .trainFromScratch(examples, "local")
            .withTemperature(0.8);
    probe = simulator.frames(1000, 50);
  }

  @Test
  void publishedThenLoadedGivesBitIdenticalOutputs() {
    try (ObjectStore store = serverStore().bucket(S3ProxyExtension.uniqueBucketName()).build()) {
      store.createBucketIfAbsent();
      ModelRegistry registry = new ModelRegistry(store);
      var published = registry.publish(Drafts.draft(null, "round trip"), trained.toBytes());
      registry.deploy(published.getVersion());

      LoadedModel loaded = registry.loadDeployed().orElseThrow();
      FrameClassifier restored =
          FrameClassifier.fromBytes(loaded.modelBytes(), loaded.version().getVersion());

      assertThat(restored.version()).isEqualTo(published.getVersion());
      assertThat(restored.temperature()).isEqualTo(0.8);
      float[][] before = trained.uncalibratedProbabilities(probe);
      float[][] after = restored.uncalibratedProbabilities(probe);
      for (int i = 0; i < before.length; i++) {
        for (int c = 0; c < before[i].length; c++) {
          assertThat(Float.floatToRawIntBits(after[i][c]))
              .isEqualTo(Float.floatToRawIntBits(before[i][c]));
        }
      }
    }
  }
}
