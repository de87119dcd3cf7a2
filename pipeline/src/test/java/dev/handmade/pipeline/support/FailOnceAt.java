package dev.handmade.pipeline.support;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Passes records through and throws at the record {@code at} picks, in the job's first attempt
 * only, so that the restart goes through. Counts its failures by name in this JVM, where
 * MiniCluster jobs run: the operator itself is a copy the test cannot read.
 */
public final class FailOnceAt<T> extends RichMapFunction<T, T> {

  /** Picks the record to fail at; serializable as the operator is. */
  public interface Where<T> extends Predicate<T>, Serializable {}

  private static final Map<String, AtomicInteger> INJECTED = new ConcurrentHashMap<>();

  private final String name;
  private final Where<T> at;

  /** @param name what the failure is called in its message and in {@link #injected}; unique per test */
  public FailOnceAt(String name, Where<T> at) {
    this.name = name;
    this.at = at;
  }

  /** How many failures the operators called {@code name} injected. */
  public static int injected(String name) {
    return INJECTED.getOrDefault(name, new AtomicInteger()).get();
  }

  @Override
  public T map(T record) {
    if (at.test(record) && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
      INJECTED.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
      throw new IllegalStateException("injected failure at " + name);
    }
    return record;
  }
}
