package dev.handmade.model.classifier;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The two-branch network, fused before the softmax.
 *
 * <p>Camera branch: a small CNN (three 3x3 convolution + max-pool stages) on the crop; the
 * convolutions run as {@link Conv2dOpLayer}, several times faster on CPU than DL4J's own layer.
 *
 * <p>Lidar branch: PointNet-style, a shared per-point MLP (1-wide 1D convolutions) followed by
 * max pooling over points. Chosen over a bird's-eye-view grid because an object's returns are
 * few and sparse (tens of points at range) and lie in the object's own frame: a grid would be
 * almost empty and would quantise away the sizes (a 0.15 m pole against a 0.3 m trunk) that
 * tell classes apart, while max pooling is invariant to point order and count by construction.
 *
 * <p>No batch normalisation: inference in training mode is how MC dropout samples the
 * posterior, and batch statistics would then change every prediction with its batch.
 */
public final class FusionNetwork {

  public static final String CAMERA_INPUT = "camera";
  public static final String LIDAR_INPUT = "lidar";
  public static final String OUTPUT = "out";

  /** The fused layer the softmax reads: a frame's learnt features. */
  public static final String FEATURES = "joint";

  /** The merged camera and lidar features, the input of {@link #FEATURES}. */
  public static final String FUSED = "fused";

  /**
   * DL4J's dropOut(p) takes the probability of keeping an activation. Only {@link #FEATURES} and
   * {@link #OUTPUT} drop their inputs, which is what lets {@link McDropoutHead} sample them alone.
   */
  static final double KEEP_PROBABILITY = 0.7;

  private FusionNetwork() {}

  public static ComputationGraph create(
      int cropSize, int points, int classes, double learningRate, long seed) {
    NativeThreads.ensureConfigured();
    ComputationGraphConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .updater(new Adam(learningRate))
            .weightInit(WeightInit.RELU)
            .l2(1e-4)
            .graphBuilder()
            .addInputs(CAMERA_INPUT, LIDAR_INPUT)
            .setInputTypes(
                InputType.convolutional(cropSize, cropSize, 3),
                InputType.recurrent(FrameTensors.LIDAR_CHANNELS, points))
            // camera
            .addLayer("cam1", conv(16), CAMERA_INPUT)
            .addLayer("camPool1", pool(), "cam1")
            .addLayer("cam2", conv(32), "camPool1")
            .addLayer("camPool2", pool(), "cam2")
            .addLayer("cam3", conv(64), "camPool2")
            .addLayer("camPool3", pool(), "cam3")
            .addLayer(
                "camFeatures",
                new DenseLayer.Builder().nOut(96).activation(Activation.RELU).build(),
                "camPool3")
            // lidar
            .addLayer("pt1", pointMlp(64), LIDAR_INPUT)
            .addLayer("pt2", pointMlp(128), "pt1")
            .addLayer("pt3", pointMlp(128), "pt2")
            .addLayer("ptPool", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), "pt3")
            .addLayer(
                "lidarFeatures",
                new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build(),
                "ptPool")
            // fusion
            .addVertex(FUSED, new MergeVertex(), "camFeatures", "lidarFeatures")
            .addLayer(
                FEATURES,
                new DenseLayer.Builder()
                    .nOut(128)
                    .activation(Activation.RELU)
                    .dropOut(KEEP_PROBABILITY)
                    .build(),
                FUSED)
            .addLayer(
                OUTPUT,
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .activation(Activation.SOFTMAX)
                    .nOut(classes)
                    .dropOut(KEEP_PROBABILITY)
                    .build(),
                FEATURES)
            .setOutputs(OUTPUT)
            .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return graph;
  }

  private static ConvolutionLayer conv(int filters) {
    return new Conv2dOpLayer(
        new ConvolutionLayer.Builder(3, 3)
            .nOut(filters)
            .convolutionMode(ConvolutionMode.Same)
            .activation(Activation.RELU));
  }

  private static SubsamplingLayer pool() {
    return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
  }

  private static Convolution1DLayer pointMlp(int width) {
    return new Convolution1DLayer.Builder()
        .kernelSize(1)
        .stride(1)
        .nOut(width)
        .activation(Activation.RELU)
        .build();
  }
}
