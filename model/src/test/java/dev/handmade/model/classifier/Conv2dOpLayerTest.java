package dev.handmade.model.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The convolution run by libnd4j's operations computes what DL4J's own layer computes: the same
 * outputs, loss gradients and updated weights, from the same weights and input.
 */
class Conv2dOpLayerTest {

  @ParameterizedTest
  @EnumSource(
      value = ConvolutionMode.class,
      names = {"Same", "Truncate"})
  void matchesDl4jsConvolutionForwardAndBackward(ConvolutionMode mode) {
    ComputationGraph reference = network(false, mode);
    ComputationGraph ours = network(true, mode);
    ours.setParams(reference.params().dup());

    INDArray images = Nd4j.rand(DataType.FLOAT, 5, 3, 9, 9).subi(0.5);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, 5, 4);
    for (int i = 0; i < 5; i++) {
      labels.putScalar(i, i % 4, 1);
    }
    MultiDataSet batch = new MultiDataSet(images, labels);

    assertThat(close(ours.outputSingle(images), reference.outputSingle(images))).isTrue();

    reference.setInputs(images);
    reference.setLabels(labels);
    reference.computeGradientAndScore();
    ours.setInputs(images);
    ours.setLabels(labels);
    ours.computeGradientAndScore();
    Gradient expected = reference.gradient();
    Gradient actual = ours.gradient();
    assertThat(actual.gradientForVariable().keySet())
        .isEqualTo(expected.gradientForVariable().keySet());
    expected
        .gradientForVariable()
        .forEach(
            (name, g) ->
                assertThat(close(actual.getGradientFor(name), g))
                    .as("gradient of " + name)
                    .isTrue());
    assertThat(ours.score()).isCloseTo(reference.score(), offset(1e-5));

    reference.fit(batch);
    ours.fit(batch);
    assertThat(close(ours.params(), reference.params())).as("weights after a step").isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = ConvolutionMode.class,
      names = {"Same"})
  void survivesTheModelFileRoundTrip(ConvolutionMode mode) throws Exception {
    ComputationGraph ours = network(true, mode);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(ours, bytes, true);
    ComputationGraph read =
        ModelSerializer.restoreComputationGraph(
            new ByteArrayInputStream(bytes.toByteArray()), true);
    assertThat(read.getLayer("conv").conf().getLayer()).isInstanceOf(Conv2dOpLayer.class);
    INDArray images = Nd4j.rand(DataType.FLOAT, 2, 3, 9, 9);
    assertThat(close(read.outputSingle(images), ours.outputSingle(images))).isTrue();
  }

  private static boolean close(INDArray a, INDArray b) {
    return a.equalsWithEps(b, 1e-4);
  }

  private static ComputationGraph network(boolean ops, ConvolutionMode mode) {
    ConvolutionLayer.Builder conv =
        new ConvolutionLayer.Builder(3, 3)
            .nOut(6)
            .stride(mode == ConvolutionMode.Same ? 1 : 2, mode == ConvolutionMode.Same ? 1 : 2)
            .padding(mode == ConvolutionMode.Same ? 0 : 1, mode == ConvolutionMode.Same ? 0 : 1)
            .convolutionMode(mode)
            .activation(Activation.RELU);
    ComputationGraph graph =
        new ComputationGraph(
            new NeuralNetConfiguration.Builder()
                .seed(3)
                .updater(new Sgd(0.1))
                .dataType(DataType.FLOAT)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(9, 9, 3))
                .addLayer("conv", ops ? new Conv2dOpLayer(conv) : conv.build(), "in")
                .addLayer(
                    "pool",
                    new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build(),
                    "conv")
                .addLayer(
                    "out",
                    new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(4)
                        .activation(Activation.SOFTMAX)
                        .build(),
                    "pool")
                .setOutputs("out")
                .build());
    graph.init();
    return graph;
  }
}
