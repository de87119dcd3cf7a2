package dev.handmade.pipeline.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.model.classifier.Trainer;
import dev.handmade.model.training.DatasetLabels;
import dev.handmade.pipeline.support.TestFrames;
import dev.handmade.schema.Frame;
import dev.handmade.schema.TrainingExample;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import dev.handmade.storage.registry.Drafts;
import dev.handmade.storage.registry.ModelRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Inference on Flink's keyed broadcast operator harness, with processing time in the test's hands:
 * when a batch goes out, which version scores it, and what a checkpoint keeps of the frames that
 * wait. One tiny model (a few frames, one epoch) is published twice, as v1 and v2 with different
 * thresholds, so a scored frame tells which version scored it.
 */
class BatchedInferenceTest {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final int BATCH = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final double V1_THRESHOLD = 0.6;
  private static final double V2_THRESHOLD = 0.8;

  private static ObjectStore store;

  /** Frames batched in bucket 1; the rest go to bucket 0. Static: the key selector must not capture the test. */
  private static final Set<String> SECOND_BUCKET = ConcurrentHashMap.newKeySet();

  private final List<KeyedBroadcastOperatorTestHarness<Integer, Frame, DeployedModel, ScoredFrame>>
      opened = new ArrayList<>();
  private long nextFrame;

  @BeforeAll
  static void publishTwoVersions() {
    store = S3.newStore();
    List<TrainingExample> examples =
        LongStream.range(1_000, 1_008).mapToObj(TestFrames::frame).map(DatasetLabels::of).toList();
    byte[] model =
        new Trainer(Trainer.Config.defaults().withEpochs(1))
            .trainFromScratch(examples, "tiny")
            .toBytes();
    ModelRegistry registry = new ModelRegistry(store);
    registry.publish(Drafts.draft(null, "v1").setConfidenceThreshold(V1_THRESHOLD), model);
    registry.publish(Drafts.draft("v1", "v2").setConfidenceThreshold(V2_THRESHOLD), model);
  }

  @AfterEach
  void closeHarnesses() throws Exception {
    for (var harness : opened) {
      harness.close();
    }
    SECOND_BUCKET.clear();
  }

  @Test
  void aFullBatchIsScoredAtOnceAndNotAgainWhenItsTimerFires() throws Exception {
    var harness = open(false);
    harness.processBroadcastElement(new DeployedModel("v1"), 0);
    List<Frame> frames = frames(BATCH);
    harness.processElement(frames.get(0), 0);
    harness.processElement(frames.get(1), 0);
    assertThat(harness.extractOutputValues()).as("two frames of a batch of three wait").isEmpty();

    harness.processElement(frames.get(2), 0);
    assertThat(ids(harness.extractOutputValues())).containsExactlyElementsOf(frameIds(frames));
    assertThat(harness.extractOutputValues())
        .allSatisfy(
            s -> {
              assertThat(s.prediction().getModelVersion()).isEqualTo("v1");
              assertThat(s.prediction().getFrameId()).isEqualTo(s.frame().getFrameId());
              assertThat(s.threshold()).isEqualTo(V1_THRESHOLD);
            });

    // the first frame's timer is still set; firing on an empty buffer it emits nothing
    harness.setProcessingTime(TIMEOUT.toMillis());
    assertThat(harness.extractOutputValues()).hasSize(BATCH);
  }

  @Test
  void aPartBatchGoesOutWhenItsOldestFrameHasWaitedTheTimeout() throws Exception {
    var harness = open(false);
    harness.processBroadcastElement(new DeployedModel("v1"), 0);
    List<Frame> frames = frames(2);
    harness.processElement(frames.get(0), 0);
    harness.setProcessingTime(1_000);
    // a later frame does not put the batch's deadline back
    harness.processElement(frames.get(1), 0);

    harness.setProcessingTime(TIMEOUT.toMillis() - 1);
    assertThat(harness.extractOutputValues()).isEmpty();
    harness.setProcessingTime(TIMEOUT.toMillis());
    assertThat(ids(harness.extractOutputValues())).containsExactlyElementsOf(frameIds(frames));

    // the next frame starts a new deadline of its own
    Frame late = frames(1).get(0);
    harness.processElement(late, 0);
    harness.setProcessingTime(2 * TIMEOUT.toMillis() - 1);
    assertThat(harness.extractOutputValues()).hasSize(2);
    harness.setProcessingTime(3 * TIMEOUT.toMillis());
    assertThat(ids(harness.extractOutputValues()))
        .containsExactly(id(frames.get(0)), id(frames.get(1)), id(late));
  }

  @Test
  void framesAreScoredByTheVersionLastBroadcastAndAVersionThatCannotLoadKeepsTheOneInMemory()
      throws Exception {
    var harness = open(false);
    harness.processBroadcastElement(new DeployedModel("v1"), 0);
    frames(BATCH).forEach(f -> process(harness, f));
    harness.processBroadcastElement(new DeployedModel("v2"), 0);
    frames(BATCH).forEach(f -> process(harness, f));
    // no v9 in the registry: the stream goes on with v2
    harness.processBroadcastElement(new DeployedModel("v9"), 0);
    frames(BATCH).forEach(f -> process(harness, f));
    // nothing deployed is no news: v2 stays
    harness.processBroadcastElement(DeployedModel.none(), 0);
    frames(BATCH).forEach(f -> process(harness, f));

    List<ScoredFrame> out = harness.extractOutputValues();
    assertThat(out).hasSize(4 * BATCH);
    assertThat(out.subList(0, BATCH))
        .allSatisfy(
            s -> {
              assertThat(s.prediction().getModelVersion()).isEqualTo("v1");
              assertThat(s.threshold()).isEqualTo(V1_THRESHOLD);
            });
    assertThat(out.subList(BATCH, 4 * BATCH))
        .allSatisfy(
            s -> {
              assertThat(s.prediction().getModelVersion()).isEqualTo("v2");
              assertThat(s.threshold()).isEqualTo(V2_THRESHOLD);
            });
  }

  @Test
  void framesHeldBackForTheFirstModelAreScoredByItInEveryBucketWhenItArrives() throws Exception {
    var harness = open(false);
    List<Frame> first = frames(BATCH);
    List<Frame> second = frames(2);
    second.forEach(f -> SECOND_BUCKET.add(f.getFrameId()));
    concat(first, second).forEach(f -> process(harness, f));
    harness.setProcessingTime(10 * TIMEOUT.toMillis());
    assertThat(harness.extractOutputValues())
        .as("a full batch and a timeout, but no model")
        .isEmpty();

    harness.processBroadcastElement(new DeployedModel("v1"), 0);
    List<ScoredFrame> out = harness.extractOutputValues();
    assertThat(ids(out)).containsExactlyInAnyOrderElementsOf(frameIds(concat(first, second)));
    assertThat(out).allSatisfy(s -> assertThat(s.prediction().getModelVersion()).isEqualTo("v1"));

    // the buffers were emptied: the next batch holds only new frames
    List<Frame> next = frames(BATCH);
    next.forEach(f -> process(harness, f));
    assertThat(harness.extractOutputValues()).hasSize(out.size() + BATCH);
    assertThat(ids(harness.extractOutputValues().subList(out.size(), out.size() + BATCH)))
        .containsExactlyElementsOf(frameIds(next));
  }

  @Test
  void withoutAModelFramesGoToPeopleUnscoredWhenThatIsConfigured() throws Exception {
    var harness = open(true);
    List<Frame> frames = frames(BATCH);
    frames.forEach(f -> process(harness, f));

    assertThat(ids(harness.extractOutputValues())).containsExactlyElementsOf(frameIds(frames));
    assertThat(harness.extractOutputValues())
        .allSatisfy(
            s -> {
              assertThat(s.hasPrediction()).isFalse();
              assertThat(s.threshold()).isNaN();
            });
  }

  @Test
  void waitingFramesSurviveACheckpointAndGoOutOnceAfterTheRestore() throws Exception {
    var before = open(false);
    before.processBroadcastElement(new DeployedModel("v2"), 0);
    List<Frame> waiting = frames(BATCH - 1);
    waiting.forEach(f -> process(before, f));
    OperatorSubtaskState checkpoint = before.snapshot(1, 1);
    assertThat(before.extractOutputValues()).isEmpty();
    before.close();
    opened.remove(before);

    // a new operator instance, restored: the buffer, its timer and the deployed version's name
    var after = restore(checkpoint, false);
    assertThat(after.numProcessingTimeTimers()).isEqualTo(1);
    assertThat(after.extractOutputValues()).as("nothing goes out on restore alone").isEmpty();
    after.setProcessingTime(TIMEOUT.toMillis());
    List<ScoredFrame> out = after.extractOutputValues();
    assertThat(ids(out)).containsExactlyElementsOf(frameIds(waiting));
    assertThat(out)
        .as("the model named in broadcast state is loaded again")
        .allSatisfy(
            s -> {
              assertThat(s.prediction().getModelVersion()).isEqualTo("v2");
              assertThat(s.threshold()).isEqualTo(V2_THRESHOLD);
            });

    // the restored buffer was emptied: a full batch afterwards holds only new frames
    List<Frame> next = frames(BATCH);
    next.forEach(f -> process(after, f));
    after.setProcessingTime(10 * TIMEOUT.toMillis());
    assertThat(ids(after.extractOutputValues()))
        .containsExactlyElementsOf(frameIds(concat(waiting, next)));
  }

  @Test
  void aRestoredPartBatchIsCompletedByTheFramesThatFollow() throws Exception {
    var before = open(false);
    before.processBroadcastElement(new DeployedModel("v1"), 0);
    List<Frame> waiting = frames(BATCH - 1);
    waiting.forEach(f -> process(before, f));
    OperatorSubtaskState checkpoint = before.snapshot(1, 1);

    var after = restore(checkpoint, false);
    Frame last = frames(1).get(0);
    after.processElement(last, 0);
    assertThat(ids(after.extractOutputValues()))
        .as("the restored count still counts the waiting frames")
        .containsExactlyElementsOf(frameIds(concat(waiting, List.of(last))));
  }

  private KeyedBroadcastOperatorTestHarness<Integer, Frame, DeployedModel, ScoredFrame> open(
      boolean noModelToPeople) throws Exception {
    var harness = harness(noModelToPeople);
    harness.open();
    harness.setProcessingTime(0);
    return harness;
  }

  private KeyedBroadcastOperatorTestHarness<Integer, Frame, DeployedModel, ScoredFrame> restore(
      OperatorSubtaskState checkpoint, boolean noModelToPeople) throws Exception {
    var harness = harness(noModelToPeople);
    harness.setProcessingTime(0);
    harness.initializeState(checkpoint);
    harness.open();
    return harness;
  }

  private KeyedBroadcastOperatorTestHarness<Integer, Frame, DeployedModel, ScoredFrame> harness(
      boolean noModelToPeople) throws Exception {
    var inference = new BatchedInference(store.config(), BATCH, TIMEOUT, noModelToPeople);
    var harness =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(inference, List.of(BatchedInference.DEPLOYED)),
            (Frame f) -> SECOND_BUCKET.contains(f.getFrameId()) ? 1 : 0,
            Types.INT,
            1,
            1,
            0);
    opened.add(harness);
    return harness;
  }

  private List<Frame> frames(int n) {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      frames.add(TestFrames.frame(nextFrame++));
    }
    return frames;
  }

  private static void process(
      KeyedBroadcastOperatorTestHarness<Integer, Frame, DeployedModel, ScoredFrame> harness,
      Frame frame) {
    try {
      harness.processElement(frame, 0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Frame> concat(List<Frame> a, List<Frame> b) {
    List<Frame> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String id(Frame frame) {
    return frame.getFrameId();
  }

  private static List<String> frameIds(List<Frame> frames) {
    return frames.stream().map(BatchedInferenceTest::id).toList();
  }

  private static List<String> ids(List<ScoredFrame> scored) {
    return scored.stream().map(s -> id(s.frame())).toList();
  }
}
