package dev.handmade.pipeline.source.feed.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.pipeline.source.feed.split.FeedSplit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class FeedSourceEnumeratorTest {

  @Test
  void theSplitGoesToSubtaskZeroAndTheOthersAreToldNothingWillCome() {
    Context context = new Context(3);
    FeedSourceEnumerator enumerator = new FeedSourceEnumerator(context, new FeedSplit(0));
    enumerator.start();

    context.register(2);
    enumerator.addReader(2);
    context.register(0);
    enumerator.addReader(0);
    context.register(1);
    enumerator.addReader(1);

    assertThat(context.assigned).containsExactly(Map.of(0, List.of(new FeedSplit(0))));
    assertThat(context.noMoreSplits).containsExactly(1, 2);
    assertThat(enumerator.snapshotState(1)).isEqualTo(new FeedEnumeratorState(null));
  }

  @Test
  void aSplitHandedBackWaitsInStateUntilSubtaskZeroReturns() {
    Context context = new Context(1);
    FeedSourceEnumerator enumerator = new FeedSourceEnumerator(context, null);

    enumerator.addSplitsBack(List.of(new FeedSplit(41)), 0);

    assertThat(context.assigned).isEmpty();
    assertThat(enumerator.snapshotState(2)).isEqualTo(new FeedEnumeratorState(new FeedSplit(41)));

    context.register(0);
    enumerator.addReader(0);

    assertThat(context.assigned).containsExactly(Map.of(0, List.of(new FeedSplit(41))));
    assertThat(enumerator.snapshotState(3)).isEqualTo(new FeedEnumeratorState(null));
  }

  @Test
  void aSplitHandedBackWhileSubtaskZeroIsRegisteredGoesStraightBack() {
    Context context = new Context(1);
    FeedSourceEnumerator enumerator = new FeedSourceEnumerator(context, null);
    context.register(0);

    enumerator.addSplitsBack(List.of(new FeedSplit(7)), 0);

    assertThat(context.assigned).containsExactly(Map.of(0, List.of(new FeedSplit(7))));
  }

  /** Just enough of a coordinator context to watch assignments. */
  private static final class Context implements SplitEnumeratorContext<FeedSplit> {
    final int parallelism;
    final Map<Integer, ReaderInfo> readers = new HashMap<>();
    final List<Map<Integer, List<FeedSplit>>> assigned = new ArrayList<>();
    final Set<Integer> noMoreSplits = new TreeSet<>();

    Context(int parallelism) {
      this.parallelism = parallelism;
    }

    void register(int subtask) {
      readers.put(subtask, new ReaderInfo(subtask, "localhost"));
    }

    @Override
    public SplitEnumeratorMetricGroup metricGroup() {
      return UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
    }

    @Override
    public void sendEventToSourceReader(int subtaskId, SourceEvent event) {}

    @Override
    public int currentParallelism() {
      return parallelism;
    }

    @Override
    public Map<Integer, ReaderInfo> registeredReaders() {
      return readers;
    }

    @Override
    public void assignSplits(SplitsAssignment<FeedSplit> assignment) {
      assigned.add(assignment.assignment());
    }

    @Override
    public void signalNoMoreSplits(int subtask) {
      noMoreSplits.add(subtask);
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <T> void callAsync(
        Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay, long period) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void runInCoordinatorThread(Runnable runnable) {
      runnable.run();
    }
  }
}
