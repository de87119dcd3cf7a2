package dev.handmade.infra.cli;

import dev.handmade.infra.bench.InferenceThroughput;
import dev.handmade.model.classifier.FrameClassifier;
import dev.handmade.model.classifier.Trainer;
import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.model.training.DatasetLabels;
import dev.handmade.schema.Frame;
import dev.handmade.schema.TrainingExample;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Batched inference throughput of the classifier on this machine. The cost of a forward pass
 * does not depend on the weights, so a briefly trained network stands in for a deployed one.
 */
@Command(
    name = "bench-inference",
    mixinStandardHelpOptions = true,
    description = "Print batched DL4J inference throughput (frames/s) for several batch sizes.")
final class BenchInferenceCommand implements Callable<Integer> {

  @Option(
      names = "--batch-sizes",
      split = ",",
      defaultValue = "1,8,32,128",
      description = "Batch sizes to measure (default: ${DEFAULT-VALUE}).")
  int[] batchSizes;

  @Option(
      names = "--seconds",
      defaultValue = "10",
      description = "Measuring time per batch size (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--mc-passes",
      defaultValue = "0",
      description = "Also measure MC-dropout inference with this many passes (0: skip).")
  int mcPasses;

  @Override
  public Integer call() {
    SensorSimulator simulator = SensorSimulator.builder().seed(77).build();
    List<TrainingExample> examples =
        simulator.frames(0, 256).stream().map(DatasetLabels::of).toList();
    FrameClassifier classifier =
        new Trainer(Trainer.Config.defaults().withEpochs(1)).trainFromScratch(examples, "bench");
    List<Frame> pool = simulator.frames(1000, 512);
    System.out.printf(
        "cores %d, crop %dx%d, %d lidar points per frame%n",
        Runtime.getRuntime().availableProcessors(),
        classifier.tensors().cropSize(),
        classifier.tensors().cropSize(),
        classifier.tensors().points());
    System.out.println("batch  frames/s  ms/batch  (deterministic forward pass, calibrated)");
    for (int batch : batchSizes) {
      InferenceThroughput.Result r =
          InferenceThroughput.measure(pool, batch, seconds, classifier::predict);
      System.out.printf("%5d  %8.1f  %8.2f%n", batch, r.framesPerSecond(), r.millisPerBatch());
    }
    if (mcPasses > 1) {
      System.out.printf("batch  frames/s  ms/batch  (MC dropout, %d passes)%n", mcPasses);
      for (int batch : batchSizes) {
        InferenceThroughput.Result r =
            InferenceThroughput.measure(
                pool,
                batch,
                seconds,
                frames -> classifier.predictWithMcDropout(frames, mcPasses, 1));
        System.out.printf("%5d  %8.1f  %8.2f%n", batch, r.framesPerSecond(), r.millisPerBatch());
      }
    }
    return 0;
  }
}
