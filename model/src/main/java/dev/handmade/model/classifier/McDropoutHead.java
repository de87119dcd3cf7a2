package dev.handmade.model.classifier;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The part of {@link FusionNetwork} that dropout touches: the fused features through the dense
 * layer {@link FusionNetwork#FEATURES} and the softmax {@link FusionNetwork#OUTPUT}, each with its
 * input dropped. The camera and lidar branches give the same fused features in every MC-dropout
 * pass, so a pass needs only this head: 20 passes cost one pass of the branches and 20 pairs of
 * small matrix products, where running the whole network 20 times spent nearly all its time in
 * the camera convolutions.
 */
final class McDropoutHead {

  private final INDArray hiddenWeights;
  private final INDArray hiddenBias;
  private final INDArray outputWeights;
  private final INDArray outputBias;
  private final double keep;

  /**
   * @param keep probability of keeping each input of the two layers: the network's own ({@link
   *     FusionNetwork#KEEP_PROBABILITY}); 1 gives the network's output without dropout
   */
  McDropoutHead(ComputationGraph graph, double keep) {
    Layer hidden = graph.getLayer(FusionNetwork.FEATURES);
    Layer output = graph.getLayer(FusionNetwork.OUTPUT);
    this.hiddenWeights = hidden.getParam(DefaultParamInitializer.WEIGHT_KEY);
    this.hiddenBias = hidden.getParam(DefaultParamInitializer.BIAS_KEY);
    this.outputWeights = output.getParam(DefaultParamInitializer.WEIGHT_KEY);
    this.outputBias = output.getParam(DefaultParamInitializer.BIAS_KEY);
    this.keep = keep;
  }

  /** Softmax outputs of one pass with fresh dropout masks, one row per row of {@code fused}. */
  float[][] sample(INDArray fused, SplittableRandom random) {
    INDArray hidden =
        Transforms.relu(
            dropped(fused, random).mmul(hiddenWeights).addiRowVector(hiddenBias), false);
    INDArray logits = dropped(hidden, random).mmul(outputWeights).addiRowVector(outputBias);
    return Transforms.softmax(logits, false).toFloatMatrix();
  }

  /** Inverted dropout, as DL4J applies it in training: kept inputs are scaled by 1 / keep. */
  private INDArray dropped(INDArray in, SplittableRandom random) {
    float[] mask = new float[Math.toIntExact(in.length())];
    float scale = (float) (1 / keep);
    for (int i = 0; i < mask.length; i++) {
      mask[i] = random.nextDouble() < keep ? scale : 0f;
    }
    return in.mul(Nd4j.create(mask, in.shape(), 'c'));
  }
}
