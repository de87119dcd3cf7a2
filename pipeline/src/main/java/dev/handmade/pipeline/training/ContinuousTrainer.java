package dev.handmade.pipeline.training;

import dev.handmade.model.classifier.ReplayBuffer;
import dev.handmade.model.classifier.Trainer;
import dev.handmade.storage.registry.ModelRegistry;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreConfig;
import dev.handmade.model.training.TrainingRound;
import dev.handmade.pipeline.util.StableHash;
import dev.handmade.schema.LabourSummary;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.TrainingExample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrains on people's labels and publishes what passes the gate: the feedback edge of the loop.
 *
 * <p>Every verified label becomes a training example, except a fixed share (chosen by hashing the
 * frame id, so a replay puts it in the same set) kept out of training: half of it calibrates each
 * candidate's temperature and threshold, half is the held-out set of the deployment gate. A round
 * runs once {@code retrainEveryLabels} new examples have arrived, or every {@code retrainEvery}
 * when there are any; the first round waits for {@code minFirstLabels}.
 *
 * <p>Runs with parallelism 1 under a single key, so its state is one consistent training set.
 * A round trains synchronously on the task thread; checkpoints wait for it, which is the price of
 * the round's inputs and its publication being consistent with the checkpoint.
 */
public final class ContinuousTrainer extends KeyedProcessFunction<Integer, TrainingExample, ModelVersion> {

  private static final Logger LOG = LoggerFactory.getLogger(ContinuousTrainer.class);
  /** Most examples kept in each evaluation set: the most recent, which reflect today's frames. */
  private static final int EVALUATION_SET_CAP = 1500;
  private static final int REPLAY_CAPACITY = 3000;

  public record Settings(int retrainEveryLabels, Duration retrainEvery, int minFirstLabels, int holdOutPercent,
      int epochs, double targetAccuracy) implements java.io.Serializable {}

  private final ObjectStoreConfig registryStore;
  private final Settings settings;

  private transient ListState<TrainingExample> fresh;
  private transient ValueState<Integer> freshCount;
  private transient ListState<TrainingExample> calibration;
  private transient ListState<TrainingExample> gate;
  private transient ListState<TrainingExample> replayState;
  private transient ValueState<Long> nextTimer;
  private transient ValueState<Boolean> deployedOnce;
  private transient ObjectStore store;
  private transient TrainingRound round;
  private transient Counter rounds;
  private transient Counter published;

  public ContinuousTrainer(ObjectStoreConfig registryStore, Settings settings) {
    this.registryStore = registryStore;
    this.settings = settings;
  }

  @Override
  public void open(OpenContext openContext) {
    fresh = getRuntimeContext().getListState(new ListStateDescriptor<>("fresh", TrainingExample.class));
    freshCount = getRuntimeContext().getState(new ValueStateDescriptor<>("fresh-count", Types.INT));
    calibration = getRuntimeContext().getListState(new ListStateDescriptor<>("calibration", TrainingExample.class));
    gate = getRuntimeContext().getListState(new ListStateDescriptor<>("gate", TrainingExample.class));
    replayState = getRuntimeContext().getListState(new ListStateDescriptor<>("replay", TrainingExample.class));
    nextTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("next-round", Types.LONG));
    deployedOnce = getRuntimeContext().getState(new ValueStateDescriptor<>("deployed-once", Types.BOOLEAN));
    store = ObjectStore.create(registryStore);
    ModelRegistry registry = new ModelRegistry(store);
    Trainer trainer = new Trainer(Trainer.Config.defaults().withEpochs(settings.epochs()));
    round = new TrainingRound(trainer, registry, new TrainingRound.Policy(settings.targetAccuracy(), 50));
    rounds = getRuntimeContext().getMetricGroup().counter("trainingRounds");
    published = getRuntimeContext().getMetricGroup().counter("versionsPublished");
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }

  @Override
  public void processElement(TrainingExample example, Context ctx, Collector<ModelVersion> out) throws Exception {
    int slot = StableHash.bucket(example.getFrame().getFrameId(), 200);
    int holdOut = settings.holdOutPercent() * 2;
    if (slot < holdOut / 2) {
      calibration.add(example);
      return;
    }
    if (slot < holdOut) {
      gate.add(example);
      return;
    }
    fresh.add(example);
    int n = (freshCount.value() == null ? 0 : freshCount.value()) + 1;
    freshCount.update(n);
    if (nextTimer.value() == null) {
      long at = ctx.timerService().currentProcessingTime() + settings.retrainEvery().toMillis();
      ctx.timerService().registerProcessingTimeTimer(at);
      nextTimer.update(at);
    }
    boolean first = !Boolean.TRUE.equals(deployedOnce.value());
    if (n >= (first ? settings.minFirstLabels() : settings.retrainEveryLabels())) {
      train(out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ModelVersion> out) throws Exception {
    nextTimer.clear();
    boolean first = !Boolean.TRUE.equals(deployedOnce.value());
    int n = freshCount.value() == null ? 0 : freshCount.value();
    if (n > 0 && (!first || n >= settings.minFirstLabels())) {
      train(out);
    }
  }

  private void train(Collector<ModelVersion> out) throws Exception {
    List<TrainingExample> calibrationSet = capped(calibration);
    List<TrainingExample> gateSet = capped(gate);
    if (calibrationSet.isEmpty() || gateSet.isEmpty()) {
      LOG.info("not training yet: {} calibration and {} held-out labels, need at least one of each",
          calibrationSet.size(), gateSet.size());
      return;
    }
    List<TrainingExample> examples = new ArrayList<>();
    fresh.get().forEach(examples::add);
    ReplayBuffer replay = new ReplayBuffer(REPLAY_CAPACITY, examples.size());
    replayState.get().forEach(replay::add);

    rounds.inc();
    TrainingRound.Outcome outcome = round.run(examples, replay, calibrationSet, gateSet, labour(examples),
        examples.size() + " human labels from the labelling service");
    LOG.info("training round: {}", outcome.verdict());

    fresh.clear();
    freshCount.clear();
    replayState.update(replay.examples());
    if (outcome.published().isPresent()) {
      deployedOnce.update(true);
      published.inc();
      out.collect(outcome.published().get());
    }
  }

  /** Keeps the most recent examples of an evaluation set, rewriting the state when it grew past the cap. */
  private static List<TrainingExample> capped(ListState<TrainingExample> state) throws Exception {
    List<TrainingExample> all = new ArrayList<>();
    state.get().forEach(all::add);
    if (all.size() > EVALUATION_SET_CAP) {
      all = new ArrayList<>(all.subList(all.size() - EVALUATION_SET_CAP, all.size()));
      state.update(all);
    }
    return all;
  }

  private static LabourSummary labour(List<TrainingExample> examples) {
    Set<String> labellers = new LinkedHashSet<>();
    long millis = 0;
    long cents = 0;
    for (TrainingExample e : examples) {
      labellers.addAll(e.getLabellerIds());
      millis += e.getActiveMillis();
      cents += e.getCostCents();
    }
    return LabourSummary.newBuilder()
        .setHumanLabels(examples.size())
        .setLabellerIds(new ArrayList<>(labellers))
        .setActiveHours(millis / 3_600_000.0)
        .setCostCents(cents)
        .build();
  }
}
