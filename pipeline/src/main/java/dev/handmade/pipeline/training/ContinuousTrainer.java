package dev.handmade.pipeline.training;

import dev.handmade.model.classifier.ReplayBuffer;
import dev.handmade.model.classifier.Trainer;
import dev.handmade.model.training.TrainingRound;
import dev.handmade.schema.LabourSummary;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.TrainingExample;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreConfig;
import dev.handmade.storage.registry.ModelRegistry;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * <p>Every verified label is either evidence or a training example ({@link EvidenceSplit}).
 * A round starts once {@code retrainEveryLabels} new examples have arrived, or every {@code
 * retrainEvery} when there are any; the first waits for {@code minFirstLabels}.
 *
 * <p><b>Training beside the stream.</b> A round runs on a thread of its own, so the task thread
 * goes on taking labels, taking part in checkpoints and reacting to cancellation while the
 * network trains. Consistency with checkpoints comes from state, not from blocking:
 *
 * <ul>
 *   <li>When a round starts, its examples move from {@code fresh} to {@code in-round} and its
 *       number is taken from {@code round}; the round trains on copies. A checkpoint taken while it
 *       runs holds exactly those inputs and that number, and a poll timer.
 *   <li>The round's result (replay buffer, published version) is applied to state on the task
 *       thread, from the poll timer, when the round has finished.
 *   <li>After a restore, the restored poll timer finds a round in state with no thread running it
 *       and runs it again with the same number and the same inputs. The registry keeps what each
 *       round concluded and every version names its round ({@link TrainingRound}), so a round
 *       that had published before the failure finds its version instead of publishing another.
 *   <li>A round that fails (the object store is down, say) runs again the same way, after a
 *       backoff from 5 s doubling to 5 minutes, whether or not new labels come.
 * </ul>
 *
 * <p>Cancelling the job interrupts the round's thread, which stops between two training steps.
 *
 * <p>Runs with parallelism 1 under a single key, so its state is one consistent training set.
 */
public final class ContinuousTrainer
    extends KeyedProcessFunction<Integer, TrainingExample, ModelVersion> {

  private static final Logger LOG = LoggerFactory.getLogger(ContinuousTrainer.class);

  /** Most verified frames kept as evidence: the most recent, which reflect today's frames. */
  private static final int EVIDENCE_CAP = 4000;

  private static final int REPLAY_CAPACITY = 3000;

  /** How often the task thread looks whether a running round has finished. */
  private static final long POLL_MILLIS = 500;

  /** First wait before a failed round is tried again (an object store outage, say); doubles up to the cap. */
  private static final long RETRY_MILLIS = 5_000;

  private static final long RETRY_CAP_MILLIS = 5 * 60_000;

  /**
   * @param split which verified frames are evidence
   * @param minThresholdSupport fewest effective evidence frames a threshold is tested on
   */
  public record Settings(
      int retrainEveryLabels,
      Duration retrainEvery,
      int minFirstLabels,
      EvidenceSplit split,
      int epochs,
      double targetAccuracy,
      int minThresholdSupport)
      implements Serializable {}

  private final ObjectStoreConfig registryStore;
  private final Settings settings;

  private transient ListState<TrainingExample> fresh;
  private transient ValueState<Integer> freshCount;
  private transient ListState<TrainingExample> inRound;
  private transient ValueState<Long> roundNumber;
  private transient ListState<TrainingExample> evidence;
  private transient ValueState<Integer> evidenceCount;
  private transient ListState<TrainingExample> replayState;
  private transient ValueState<Long> periodicTimer;
  private transient ValueState<Long> pollTimer;
  private transient ValueState<Long> retryTimer;
  private transient ValueState<Integer> failedRounds;
  private transient ValueState<Boolean> deployedOnce;
  private transient ObjectStore store;
  private transient ModelRegistry registry;
  private transient TrainingRound round;
  private transient ExecutorService roundThread;
  private transient Running running;
  private transient Counter rounds;
  private transient Counter published;

  /** The round in flight on {@link #roundThread}: its number, its replay buffer and its future. */
  private record Running(long number, ReplayBuffer replay, Future<TrainingRound.Outcome> outcome) {}

  public ContinuousTrainer(ObjectStoreConfig registryStore, Settings settings) {
    this.registryStore = registryStore;
    this.settings = settings;
  }

  @Override
  public void open(OpenContext openContext) {
    fresh = listState("fresh");
    freshCount = getRuntimeContext().getState(new ValueStateDescriptor<>("fresh-count", Types.INT));
    inRound = listState("in-round");
    roundNumber = getRuntimeContext().getState(new ValueStateDescriptor<>("round", Types.LONG));
    evidence = listState("evidence");
    evidenceCount =
        getRuntimeContext().getState(new ValueStateDescriptor<>("evidence-count", Types.INT));
    replayState = listState("replay");
    periodicTimer =
        getRuntimeContext().getState(new ValueStateDescriptor<>("next-round", Types.LONG));
    pollTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("poll", Types.LONG));
    retryTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("retry", Types.LONG));
    failedRounds =
        getRuntimeContext().getState(new ValueStateDescriptor<>("failed-rounds", Types.INT));
    deployedOnce =
        getRuntimeContext().getState(new ValueStateDescriptor<>("deployed-once", Types.BOOLEAN));
    store = ObjectStore.create(registryStore);
    Trainer trainer = new Trainer(Trainer.Config.defaults().withEpochs(settings.epochs()));
    registry = new ModelRegistry(store);
    round =
        new TrainingRound(
            trainer,
            registry,
            new TrainingRound.Policy(settings.targetAccuracy(), settings.minThresholdSupport()));
    roundThread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "training-round");
              t.setDaemon(true);
              return t;
            });
    rounds = getRuntimeContext().getMetricGroup().counter("trainingRounds");
    published = getRuntimeContext().getMetricGroup().counter("versionsPublished");
    getRuntimeContext()
        .getMetricGroup()
        .gauge("trainingRoundRunning", () -> running == null ? 0 : 1);
  }

  @Override
  public void close() {
    if (roundThread != null) {
      // interrupts a running round, which stops at its next training step; nothing waits for it
      roundThread.shutdownNow();
    }
    if (store != null) {
      store.close();
    }
  }

  private ListState<TrainingExample> listState(String name) {
    return getRuntimeContext().getListState(new ListStateDescriptor<>(name, TrainingExample.class));
  }

  @Override
  public void processElement(TrainingExample example, Context ctx, Collector<ModelVersion> out)
      throws Exception {
    if (settings.split().isEvidence(example.getFrame().getFrameId(), example.getRoute())) {
      evidence.add(settings.split().asEvidence(example));
      int n = increment(evidenceCount);
      if (n > EVIDENCE_CAP + EVIDENCE_CAP / 4) {
        trimEvidence();
      }
      return;
    }
    fresh.add(example);
    increment(freshCount);
    if (periodicTimer.value() == null) {
      long at = ctx.timerService().currentProcessingTime() + settings.retrainEvery().toMillis();
      ctx.timerService().registerProcessingTimeTimer(at);
      periodicTimer.update(at);
    }
    maybeStartRound(ctx, false);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ModelVersion> out)
      throws Exception {
    if (Long.valueOf(timestamp).equals(pollTimer.value())) {
      pollTimer.clear();
      poll(ctx, out);
    }
    if (Long.valueOf(timestamp).equals(periodicTimer.value())) {
      periodicTimer.clear();
      maybeStartRound(ctx, true);
    }
    if (Long.valueOf(timestamp).equals(retryTimer.value())) {
      retryTimer.clear();
      if (running == null && roundNumber.value() != null && inRound.get().iterator().hasNext()) {
        launch(roundNumber.value(), ctx);
      }
    }
  }

  /** Applies a finished round, runs again a round restored from a checkpoint, or waits some more. */
  private void poll(Context ctx, Collector<ModelVersion> out) throws Exception {
    if (running == null) {
      if (roundNumber.value() != null && inRound.get().iterator().hasNext()) {
        // restored from a checkpoint taken while this round ran: run it again, same number and
        // inputs
        launch(roundNumber.value(), ctx);
      }
      return;
    }
    if (!running.outcome().isDone()) {
      schedulePoll(ctx);
      return;
    }
    Running done = running;
    running = null;
    try {
      TrainingRound.Outcome outcome = done.outcome().get();
      LOG.info("training round {}: {}", done.number(), outcome.verdict());
      replayState.update(done.replay().examples());
      if (outcome.published().isPresent()) {
        deployedOnce.update(true);
        published.inc();
        out.collect(outcome.published().get());
      }
    } catch (ExecutionException | CancellationException e) {
      // the same round, same number and labels, runs again after a backoff, whether or not labels
      // come (a stream gone quiet must not keep its labels out of the model); meanwhile new labels
      // wait in fresh. The number lets the next attempt find a version this one published.
      int failures = increment(failedRounds);
      long wait = Math.min(RETRY_CAP_MILLIS, RETRY_MILLIS << Math.min(16, failures - 1));
      LOG.warn(
          "training round {} failed ({} in a row); it runs again on the same labels in {} s",
          done.number(),
          failures,
          wait / 1000,
          e);
      long at = ctx.timerService().currentProcessingTime() + wait;
      ctx.timerService().registerProcessingTimeTimer(at);
      retryTimer.update(at);
      return;
    }
    failedRounds.clear();
    inRound.clear();
    maybeStartRound(ctx, false);
  }

  private void maybeStartRound(Context ctx, boolean periodic) throws Exception {
    if (running != null || inRound.get().iterator().hasNext()) {
      return;
    }
    int n = freshCount.value() == null ? 0 : freshCount.value();
    boolean first = !Boolean.TRUE.equals(deployedOnce.value());
    int needed = first ? settings.minFirstLabels() : settings.retrainEveryLabels();
    if (n == 0 || n < needed && !(periodic && !first)) {
      return;
    }
    if (evidenceCount.value() == null || evidenceCount.value() == 0) {
      LOG.info(
          "not training yet: {} new labels but no verified evidence frames to set a threshold on",
          n);
      return;
    }
    List<TrainingExample> examples = new ArrayList<>();
    fresh.get().forEach(examples::add);
    inRound.update(examples);
    fresh.clear();
    freshCount.clear();
    // a job started without state continues the registry's numbering: a number names one round
    long number =
        roundNumber.value() == null ? registry.nextRoundNumber() : roundNumber.value() + 1;
    roundNumber.update(number);
    launch(number, ctx);
  }

  /** Starts round {@code number} on the round thread, on copies of its inputs as state holds them now. */
  private void launch(long number, Context ctx) throws Exception {
    List<TrainingExample> examples = new ArrayList<>();
    inRound.get().forEach(examples::add);
    List<TrainingExample> evidenceSet = new ArrayList<>();
    evidence.get().forEach(evidenceSet::add);
    ReplayBuffer replay = new ReplayBuffer(REPLAY_CAPACITY, number);
    replayState.get().forEach(replay::add);
    rounds.inc();
    LabourSummary labour = labour(examples);
    String description = examples.size() + " human labels from the labelling service";
    Future<TrainingRound.Outcome> outcome =
        roundThread.submit(
            () -> round.run(number, examples, replay, evidenceSet, labour, description));
    running = new Running(number, replay, outcome);
    schedulePoll(ctx);
  }

  private void schedulePoll(Context ctx) throws Exception {
    long at = ctx.timerService().currentProcessingTime() + POLL_MILLIS;
    ctx.timerService().registerProcessingTimeTimer(at);
    pollTimer.update(at);
  }

  /** Keeps the most recent {@link #EVIDENCE_CAP} evidence frames. */
  private void trimEvidence() throws Exception {
    List<TrainingExample> all = new ArrayList<>();
    evidence.get().forEach(all::add);
    List<TrainingExample> kept =
        new ArrayList<>(all.subList(Math.max(0, all.size() - EVIDENCE_CAP), all.size()));
    evidence.update(kept);
    evidenceCount.update(kept.size());
  }

  private static int increment(ValueState<Integer> count) throws Exception {
    int n = (count.value() == null ? 0 : count.value()) + 1;
    count.update(n);
    return n;
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
