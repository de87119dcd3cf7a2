package dev.handmade.model.classifier;

import dev.handmade.schema.Frame;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained network with its calibration: turns frames into predictions with uncertainty.
 *
 * <p>Not thread-safe (a DL4J graph keeps per-call workspaces): give each thread its own, which
 * is what each Flink subtask does.
 */
public final class FrameClassifier {

  /** The entry in the model file that holds what DL4J's own format does not. */
  private static final String METADATA_ENTRY = "handmade-classifier.properties";

  private static final int FORMAT_VERSION = 1;
  static final int CLASSES = ObjectClass.values().length;

  private final ComputationGraph graph;
  private final FrameTensors tensors;
  private final double temperature;
  private final String version;
  private final Clock clock;

  FrameClassifier(
      ComputationGraph graph,
      FrameTensors tensors,
      double temperature,
      String version,
      Clock clock) {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "temperature must be positive and finite, got " + temperature);
    }
    this.graph = graph;
    this.tensors = tensors;
    this.temperature = temperature;
    this.version = version;
    this.clock = clock;
  }

  public String version() {
    return version;
  }

  public double temperature() {
    return temperature;
  }

  public FrameTensors tensors() {
    return tensors;
  }

  ComputationGraph graph() {
    return graph;
  }

  public FrameClassifier withTemperature(double t) {
    return new FrameClassifier(graph, tensors, t, version, clock);
  }

  public FrameClassifier withVersion(String v) {
    return new FrameClassifier(graph, tensors, temperature, v, clock);
  }

  /** An independent copy whose weights training can change without touching this one. */
  public FrameClassifier copy() {
    return new FrameClassifier(graph.clone(), tensors, temperature, version, clock);
  }

  /**
   * Softmax outputs before temperature scaling, one row per frame.
   *
   * @throws MalformedFrameException for the first frame that cannot be read
   */
  public float[][] uncalibratedProbabilities(List<Frame> frames) {
    if (frames.isEmpty()) {
      return new float[0][];
    }
    INDArray out = graph.output(false, tensors.camera(frames), tensors.lidar(frames))[0];
    return out.toFloatMatrix();
  }

  /** Calibrated predictions, one forward pass for the whole batch. */
  public List<Prediction> predict(List<Frame> frames) {
    return predictionsFrom(frames, uncalibratedProbabilities(frames));
  }

  /**
   * Calibrated predictions from softmax outputs this network already gave for {@code frames}
   * ({@link #uncalibratedProbabilities}): a temperature fitted on those outputs applies without
   * a second forward pass.
   */
  public List<Prediction> predictionsFrom(List<Frame> frames, float[][] raw) {
    if (raw.length != frames.size()) {
      throw new IllegalArgumentException(
          frames.size() + " frames but " + raw.length + " rows of probabilities");
    }
    Instant now = clock.instant();
    List<Prediction> out = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      out.add(
          prediction(
              frames.get(i).getFrameId(),
              Uncertainty.withTemperature(raw[i], temperature),
              null,
              now));
    }
    return out;
  }

  /**
   * Calibrated predictions and, from the same forward pass, each frame's learnt features: the
   * activations of the layer the softmax reads ({@link FusionNetwork#FEATURES}). Batch-mode
   * active learning measures how alike two frames are in this space.
   */
  public WithFeatures predictWithFeatures(List<Frame> frames) {
    if (frames.isEmpty()) {
      return new WithFeatures(List.of(), new float[0][]);
    }
    var activations =
        graph.feedForward(new INDArray[] {tensors.camera(frames), tensors.lidar(frames)}, false);
    float[][] raw = activations.get(FusionNetwork.OUTPUT).toFloatMatrix();
    return new WithFeatures(
        predictionsFrom(frames, raw), activations.get(FusionNetwork.FEATURES).toFloatMatrix());
  }

  /** Predictions, and the features of each frame in the same order, one row per frame. */
  public record WithFeatures(List<Prediction> predictions, float[][] features) {}

  /**
   * Predictions averaged over {@code passes} forward passes with dropout left on (MC dropout,
   * Gal and Ghahramani 2016), with the mutual information of the passes as an estimate of the
   * model's own (epistemic) uncertainty. {@code seed} makes the dropout masks reproducible.
   */
  public List<Prediction> predictWithMcDropout(List<Frame> frames, int passes, long seed) {
    if (passes < 2) {
      throw new IllegalArgumentException("MC dropout needs at least 2 passes, got " + passes);
    }
    if (frames.isEmpty()) {
      return List.of();
    }
    // dropout acts only after the fusion: the branches run once, each pass samples the head
    INDArray fused =
        graph
            .feedForward(new INDArray[] {tensors.camera(frames), tensors.lidar(frames)}, false)
            .get(FusionNetwork.FUSED);
    McDropoutHead head = new McDropoutHead(graph, FusionNetwork.KEEP_PROBABILITY);
    SplittableRandom random = new SplittableRandom(seed);
    float[][][] samples = new float[frames.size()][passes][];
    for (int pass = 0; pass < passes; pass++) {
      float[][] raw = head.sample(fused, random);
      for (int i = 0; i < frames.size(); i++) {
        samples[i][pass] = Uncertainty.withTemperature(raw[i], temperature);
      }
    }
    Instant now = clock.instant();
    List<Prediction> out = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      float[] mean = new float[CLASSES];
      for (float[] p : samples[i]) {
        for (int c = 0; c < CLASSES; c++) {
          mean[c] += p[c] / passes;
        }
      }
      out.add(
          prediction(
              frames.get(i).getFrameId(), mean, Uncertainty.mutualInformation(samples[i]), now));
    }
    return out;
  }

  private Prediction prediction(String frameId, float[] p, Float mutualInformation, Instant at) {
    List<Float> probabilities = new ArrayList<>(p.length);
    for (float v : p) {
      probabilities.add(v);
    }
    int best = Uncertainty.argmax(p);
    return Prediction.newBuilder()
        .setFrameId(frameId)
        .setModelVersion(version)
        .setProbabilities(probabilities)
        .setPredicted(ObjectClass.values()[best])
        .setConfidence(p[best])
        .setMargin(Uncertainty.margin(p))
        .setEntropy(Uncertainty.entropy(p))
        .setMutualInformation(mutualInformation)
        .setPredictedAt(at)
        .build();
  }

  /**
   * The model file: DL4J's zip (weights, configuration, updater state, so fine-tuning can go on
   * where training stopped) with one more entry for the input geometry and the temperature.
   */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream dl4j = new ByteArrayOutputStream();
      ModelSerializer.writeModel(graph, dl4j, true);
      ByteArrayOutputStream out = new ByteArrayOutputStream(dl4j.size() + 512);
      try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(dl4j.toByteArray()));
          ZipOutputStream zip = new ZipOutputStream(out)) {
        for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          ZipEntry copy = new ZipEntry(e.getName());
          // a fixed time makes the same weights give the same bytes, so hashes mean something
          copy.setTime(0);
          zip.putNextEntry(copy);
          in.transferTo(zip);
          zip.closeEntry();
        }
        ZipEntry meta = new ZipEntry(METADATA_ENTRY);
        meta.setTime(0);
        zip.putNextEntry(meta);
        zip.write(metadata().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new ModelFileException(
          "could not serialise model " + version + ": " + e.getMessage(), e);
    }
  }

  private String metadata() throws IOException {
    Properties p = new Properties();
    p.setProperty("format", Integer.toString(FORMAT_VERSION));
    p.setProperty("cropSize", Integer.toString(tensors.cropSize()));
    p.setProperty("points", Integer.toString(tensors.points()));
    // hex float: the exact double survives the round trip
    p.setProperty("temperature", Double.toHexString(temperature));
    StringWriter w = new StringWriter();
    p.store(w, null);
    // Properties.store writes the date in a comment: drop it so the bytes are reproducible
    return w.toString().lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
  }

  /**
   * Reads a model file written by {@link #toBytes()}.
   *
   * @throws ModelFileException when the bytes are not such a file, saying what is missing or broken
   */
  public static FrameClassifier fromBytes(byte[] bytes, String version) {
    return fromBytes(bytes, version, Clock.systemUTC());
  }

  public static FrameClassifier fromBytes(byte[] bytes, String version, Clock clock) {
    Properties meta = null;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      int entries = 0;
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries++;
        if (e.getName().equals(METADATA_ENTRY)) {
          meta = new Properties();
          meta.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      }
      if (entries == 0) {
        throw new ModelFileException(
            "model " + version + ": not a zip file (" + bytes.length + " bytes)");
      }
    } catch (IOException e) {
      throw new ModelFileException("model " + version + ": unreadable zip: " + e.getMessage(), e);
    }
    if (meta == null) {
      throw new ModelFileException(
          "model "
              + version
              + ": no "
              + METADATA_ENTRY
              + " entry; this is not a Handmade classifier file");
    }
    int format = intProperty(meta, "format", version);
    if (format != FORMAT_VERSION) {
      throw new ModelFileException(
          "model "
              + version
              + ": file format "
              + format
              + " is not supported (this build reads "
              + FORMAT_VERSION
              + ")");
    }
    FrameTensors tensors =
        new FrameTensors(
            intProperty(meta, "cropSize", version), intProperty(meta, "points", version));
    double temperature;
    try {
      temperature = Double.parseDouble(meta.getProperty("temperature", ""));
    } catch (NumberFormatException e) {
      throw new ModelFileException(
          "model "
              + version
              + ": temperature '"
              + meta.getProperty("temperature")
              + "' is not a number");
    }
    NativeThreads.ensureConfigured();
    ComputationGraph graph;
    try {
      graph = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), true);
    } catch (Exception e) {
      // DL4J reports a damaged file as anything from IOException to a native error
      throw new ModelFileException(
          "model " + version + ": DL4J could not restore the network: " + e, e);
    }
    return new FrameClassifier(graph, tensors, temperature, version, clock);
  }

  private static int intProperty(Properties meta, String key, String version) {
    String v = meta.getProperty(key);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ModelFileException(
          "model " + version + ": " + key + " '" + v + "' is not an integer");
    }
  }
}
