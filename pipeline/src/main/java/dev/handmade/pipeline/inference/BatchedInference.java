package dev.handmade.pipeline.inference;

import dev.handmade.model.classifier.FrameClassifier;
import dev.handmade.schema.Frame;
import dev.handmade.schema.Prediction;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreConfig;
import dev.handmade.storage.registry.LoadedModel;
import dev.handmade.storage.registry.ModelRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DL4J inference in micro-batches, with the model hot-swapped from the registry.
 *
 * <p>Frames are keyed into a few batch buckets; each bucket buffers frames in keyed state until
 * the batch is full or its oldest frame has waited {@code batchTimeout}, then runs one forward
 * pass for the whole batch. The buffer is checkpointed, so a failure loses no waiting frame.
 *
 * <p>The deployed version arrives on a broadcast stream (the registry poller); every subtask
 * loads that version's file from the registry itself, and only the version name is kept in
 * broadcast state, so a restore reloads the same model. Before any model is deployed, frames go
 * on without a prediction (to people), or wait in the buffer until the first model arrives.
 */
public final class BatchedInference
    extends KeyedBroadcastProcessFunction<Integer, Frame, DeployedModel, ScoredFrame> {

  private static final Logger LOG = LoggerFactory.getLogger(BatchedInference.class);

  public static final MapStateDescriptor<String, String> DEPLOYED =
      new MapStateDescriptor<>("deployed-model", Types.STRING, Types.STRING);
  private static final String VERSION_KEY = "version";

  private final ObjectStoreConfig registryStore;
  private final int batchSize;
  private final long batchTimeoutMillis;
  private final boolean noModelToPeople;

  private transient ListState<Frame> buffer;
  private transient ValueState<Integer> buffered;
  private transient ValueState<Long> timer;
  private transient ObjectStore store;
  private transient ModelRegistry registry;
  private transient FrameClassifier classifier;
  private transient double threshold;
  private transient Counter scored;
  private transient volatile int versionNumber;

  public BatchedInference(
      ObjectStoreConfig registryStore,
      int batchSize,
      Duration batchTimeout,
      boolean noModelToPeople) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.registryStore = registryStore;
    this.batchSize = batchSize;
    this.batchTimeoutMillis = batchTimeout.toMillis();
    this.noModelToPeople = noModelToPeople;
  }

  private static ListStateDescriptor<Frame> bufferDescriptor() {
    return new ListStateDescriptor<>("batch", Frame.class);
  }

  private static ValueStateDescriptor<Integer> countDescriptor() {
    return new ValueStateDescriptor<>("batch-size", Types.INT);
  }

  @Override
  public void open(OpenContext openContext) {
    buffer = getRuntimeContext().getListState(bufferDescriptor());
    buffered = getRuntimeContext().getState(countDescriptor());
    timer = getRuntimeContext().getState(new ValueStateDescriptor<>("batch-timer", Types.LONG));
    store = ObjectStore.create(registryStore);
    registry = new ModelRegistry(store);
    scored = getRuntimeContext().getMetricGroup().counter("framesScored");
    getRuntimeContext().getMetricGroup().gauge("modelVersion", () -> versionNumber);
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }

  @Override
  public void processElement(Frame frame, ReadOnlyContext ctx, Collector<ScoredFrame> out)
      throws Exception {
    follow(ctx.getBroadcastState(DEPLOYED));
    buffer.add(frame);
    int n = (buffered.value() == null ? 0 : buffered.value()) + 1;
    buffered.update(n);
    if (n >= batchSize) {
      flush(out);
    } else if (timer.value() == null) {
      long at = ctx.timerService().currentProcessingTime() + batchTimeoutMillis;
      ctx.timerService().registerProcessingTimeTimer(at);
      timer.update(at);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScoredFrame> out)
      throws Exception {
    timer.clear();
    follow(ctx.getBroadcastState(DEPLOYED));
    flush(out);
  }

  @Override
  public void processBroadcastElement(
      DeployedModel deployed, Context ctx, Collector<ScoredFrame> out) throws Exception {
    if (deployed.isNone()) {
      return;
    }
    var state = ctx.getBroadcastState(DEPLOYED);
    if (deployed.version().equals(state.get(VERSION_KEY))) {
      return;
    }
    state.put(VERSION_KEY, deployed.version());
    boolean hadModel = classifier != null;
    follow(state);
    if (!hadModel && classifier != null && !noModelToPeople) {
      // the frames held back for the first model: score every bucket's buffer now
      ctx.applyToKeyedState(
          bufferDescriptor(),
          (key, frames) -> {
            List<Frame> waiting = new ArrayList<>();
            frames.get().forEach(waiting::add);
            emit(waiting, out);
            frames.clear();
          });
      ctx.applyToKeyedState(countDescriptor(), (key, count) -> count.clear());
    }
  }

  /** Loads the version named in broadcast state if it is not the one in memory. */
  private void follow(ReadOnlyBroadcastState<String, String> state) throws Exception {
    String wanted = state.get(VERSION_KEY);
    if (wanted == null || (classifier != null && wanted.equals(classifier.version()))) {
      return;
    }
    try {
      LoadedModel loaded = registry.load(wanted);
      classifier = FrameClassifier.fromBytes(loaded.modelBytes(), wanted);
      threshold = loaded.version().getConfidenceThreshold();
      versionNumber = loaded.version().getNumber();
      LOG.info("inference now on model {} (confidence threshold {})", wanted, threshold);
    } catch (RuntimeException e) {
      // a version that cannot be loaded must not stop the stream: keep the model in memory
      LOG.error(
          "could not load model {}; keeping {}: {}",
          wanted,
          classifier == null ? "no model" : classifier.version(),
          e.toString());
    }
  }

  private void flush(Collector<ScoredFrame> out) throws Exception {
    if (classifier == null && !noModelToPeople) {
      return;
    }
    List<Frame> frames = new ArrayList<>(batchSize);
    buffer.get().forEach(frames::add);
    buffer.clear();
    buffered.clear();
    emit(frames, out);
  }

  private void emit(List<Frame> frames, Collector<ScoredFrame> out) {
    if (frames.isEmpty()) {
      return;
    }
    if (classifier == null) {
      frames.forEach(f -> out.collect(new ScoredFrame(f, null, Double.NaN)));
      return;
    }
    List<Prediction> predictions = classifier.predict(frames);
    for (int i = 0; i < frames.size(); i++) {
      out.collect(new ScoredFrame(frames.get(i), predictions.get(i), threshold));
    }
    scored.inc(frames.size());
  }
}
