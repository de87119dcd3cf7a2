package dev.handmade.model.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.handmade.schema.Frame;
import dev.handmade.schema.Prediction;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** MC dropout over the head alone samples what dropout over the whole network samples. */
class McDropoutHeadTest {

  private static FrameClassifier classifier;
  private static List<Frame> frames;
  private static INDArray[] inputs;
  private static INDArray fused;

  @BeforeAll
  static void trainSmall() {
    Trainer trainer = new Trainer(Trainer.Config.defaults().withEpochs(1));
    classifier = trainer.trainFromScratch(Examples.labelled(301, 200), "v1");
    frames = Examples.frames(302, 8);
    inputs =
        new INDArray[] {classifier.tensors().camera(frames), classifier.tensors().lidar(frames)};
    fused = classifier.graph().feedForward(inputs, false).get(FusionNetwork.FUSED);
  }

  @Test
  void withoutDropoutTheHeadGivesTheNetworksOwnOutput() {
    float[][] network = classifier.uncalibratedProbabilities(frames);
    float[][] head =
        new McDropoutHead(classifier.graph(), 1.0).sample(fused, new SplittableRandom(1));
    for (int i = 0; i < network.length; i++) {
      for (int c = 0; c < network[i].length; c++) {
        assertThat(head[i][c]).isCloseTo(network[i][c], within(1e-5f));
      }
    }
  }

  @Test
  void itsPassesHaveTheMeanAndSpreadOfDl4jsOwnDropout() {
    int passes = 300;
    ComputationGraph graph = classifier.graph();
    McDropoutHead head = new McDropoutHead(graph, FusionNetwork.KEEP_PROBABILITY);
    SplittableRandom random = new SplittableRandom(5);
    Nd4j.getRandom().setSeed(5);
    Moments ours = new Moments(frames.size());
    Moments dl4j = new Moments(frames.size());
    for (int pass = 0; pass < passes; pass++) {
      ours.add(head.sample(fused, random));
      dl4j.add(graph.feedForward(inputs, true).get(FusionNetwork.OUTPUT).toFloatMatrix());
    }
    // 300 passes: a class's mean probability is known to about 0.01 either way
    assertThat(ours.meanAbsoluteDifference(dl4j, false)).isLessThan(0.02);
    // inverted dropout's 1/keep scaling shows in the spread: without it the means would also move
    assertThat(ours.meanAbsoluteDifference(dl4j, true)).isLessThan(0.02);
    assertThat(ours.meanSpread()).isGreaterThan(0.01);
  }

  @Test
  void theSameSeedGivesTheSamePredictionsAndAnotherSeedOthers() {
    List<Prediction> a = classifier.predictWithMcDropout(frames, 10, 7);
    List<Prediction> b = classifier.predictWithMcDropout(frames, 10, 7);
    List<Prediction> c = classifier.predictWithMcDropout(frames, 10, 8);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).getProbabilities()).isEqualTo(a.get(i).getProbabilities());
      assertThat(b.get(i).getMutualInformation()).isEqualTo(a.get(i).getMutualInformation());
    }
    assertThat(c.get(0).getProbabilities()).isNotEqualTo(a.get(0).getProbabilities());
    assertThat(a).allMatch(p -> p.getMutualInformation() >= 0);
  }

  /** Running sums of each frame's class probabilities and their squares over passes. */
  private static final class Moments {
    private final double[][] sum;
    private final double[][] squares;
    private int passes;

    Moments(int frames) {
      sum = new double[frames][FrameClassifier.CLASSES];
      squares = new double[frames][FrameClassifier.CLASSES];
    }

    void add(float[][] p) {
      for (int i = 0; i < p.length; i++) {
        for (int c = 0; c < p[i].length; c++) {
          sum[i][c] += p[i][c];
          squares[i][c] += (double) p[i][c] * p[i][c];
        }
      }
      passes++;
    }

    double statistic(int i, int c, boolean spread) {
      double mean = sum[i][c] / passes;
      return spread ? Math.sqrt(Math.max(0, squares[i][c] / passes - mean * mean)) : mean;
    }

    double meanAbsoluteDifference(Moments other, boolean spread) {
      return average((i, c) -> Math.abs(statistic(i, c, spread) - other.statistic(i, c, spread)));
    }

    double meanSpread() {
      return average((i, c) -> statistic(i, c, true));
    }

    /** The mean of {@code value} over every frame and class. */
    private double average(FrameAndClass value) {
      double total = 0;
      for (int i = 0; i < sum.length; i++) {
        for (int c = 0; c < sum[i].length; c++) {
          total += value.at(i, c);
        }
      }
      return total / (sum.length * FrameClassifier.CLASSES);
    }
  }

  private interface FrameAndClass {
    double at(int frame, int objectClass);
  }
}
