package dev.handmade.model.classifier;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 2D convolution layer, configured as DL4J's {@link ConvolutionLayer}, whose forward and backward
 * passes run libnd4j's {@code conv2d} and {@code conv2d_bp} operations.
 *
 * <p>Why: DL4J 1.0.0-M2.1's own convolution layer unfolds its input with {@code im2col} into a
 * strided array and multiplies, and cannot reach the oneDNN kernels that nd4j-native ships (its
 * helper looks for a class that this release renamed). On this project's camera branch, measured on
 * 2026-12-02 with one thread and batches of 64, {@code conv2d} took 2.1 / 3.8 / 4.1 ms for the
 * three stages where the {@code im2col} path took 67 / 86 / 45 ms. The parameters keep DL4J's
 * layout ({@code [out, in, kH, kW]} weights, one bias per output channel), so the arithmetic is
 * the same convolution; only NCHW input is supported, which is what {@link FusionNetwork} feeds.
 */
public class Conv2dOpLayer extends ConvolutionLayer {

  /** For DL4J's JSON form of a network configuration. */
  public Conv2dOpLayer() {}

  public Conv2dOpLayer(ConvolutionLayer.Builder builder) {
    super(builder);
    if (getCnn2dDataFormat() != CNN2DFormat.NCHW || !hasBias()) {
      throw new IllegalArgumentException("Conv2dOpLayer supports NCHW input with a bias only");
    }
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    LayerValidation.assertNInNOutSet(
        "Conv2dOpLayer", getLayerName(), layerIndex, getNIn(), getNOut());
    Runtime layer = new Runtime(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  /** The layer as it runs inside a network. */
  public static final class Runtime
      extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {

    Runtime(NeuralNetConfiguration conf, DataType dataType) {
      super(conf, dataType);
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(
        boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
      assertInputSet(false);
      NativeThreads.ensureConfiguredForThisThread();
      INDArray in = checkedInput();
      INDArray weights =
          getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
      INDArray bias =
          getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr);
      int[] outSize =
          ConvolutionUtils.getOutputSize(
              in,
              layerConf().getKernelSize(),
              layerConf().getStride(),
              layerConf().getPadding(),
              convolutionMode,
              layerConf().getDilation(),
              CNN2DFormat.NCHW);
      INDArray out =
          workspaceMgr.createUninitialized(
              ArrayType.ACTIVATIONS,
              dataType,
              new long[] {in.size(0), layerConf().getNOut(), outSize[0], outSize[1]},
              'c');
      Nd4j.exec(
          new Conv2D(
              new INDArray[] {in, weights, bias.reshape(bias.length())},
              new INDArray[] {out},
              config()));
      return new Pair<>(out, null);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
        INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
      assertInputSet(true);
      NativeThreads.ensureConfiguredForThisThread();
      INDArray in = checkedInput();
      INDArray weights =
          getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
      INDArray bias = getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true, workspaceMgr);
      INDArray preActivation = preOutput(true, true, workspaceMgr).getFirst();
      INDArray delta = layerConf().getActivationFn().backprop(preActivation, epsilon).getFirst();

      INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
      INDArray biasGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
      INDArray epsilonOut =
          workspaceMgr.createUninitialized(
              ArrayType.ACTIVATION_GRAD, in.dataType(), in.shape(), 'c');
      // conv2d_bp takes the same integer arguments as conv2d; nd4j has no array constructor for it
      long[] arguments = new Conv2D(new INDArray[] {in, weights}, null, config()).iArgs();
      Nd4j.exec(
          DynamicCustomOp.builder("conv2d_bp")
              .addInputs(in, weights, bias.reshape(bias.length()), delta)
              .addOutputs(epsilonOut, weightGrad, biasGrad.reshape(biasGrad.length()))
              .addIntegerArguments(Arrays.stream(arguments).mapToInt(Math::toIntExact).toArray())
              .build());

      Gradient gradient = new DefaultGradient();
      gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
      gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
      weightNoiseParams.clear();
      return new Pair<>(gradient, backpropDropOutIfPresent(epsilonOut));
    }

    private INDArray checkedInput() {
      if (input.rank() != 4) {
        throw new DL4JInvalidInputException(
            "Conv2dOpLayer needs [batch, channels, height, width] input, got rank "
                + input.rank()
                + " "
                + layerId());
      }
      return input.castTo(dataType);
    }

    private Conv2DConfig config() {
      ConvolutionLayer c = layerConf();
      boolean same = convolutionMode == ConvolutionMode.Same;
      return Conv2DConfig.builder()
          .kH(c.getKernelSize()[0])
          .kW(c.getKernelSize()[1])
          .sH(c.getStride()[0])
          .sW(c.getStride()[1])
          .pH(same ? 0 : c.getPadding()[0])
          .pW(same ? 0 : c.getPadding()[1])
          .dH(c.getDilation()[0])
          .dW(c.getDilation()[1])
          .paddingMode(ConvolutionUtils.paddingModeForConvolutionMode(convolutionMode))
          .dataFormat("NCHW")
          .weightsFormat(WeightsFormat.OIYX)
          .build();
    }
  }
}
