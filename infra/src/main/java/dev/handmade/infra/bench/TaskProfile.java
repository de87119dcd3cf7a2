package dev.handmade.infra.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A sampling profile of a Flink task's threads in this JVM (a MiniCluster's): every few
 * milliseconds each thread whose name starts with the task's name is caught, and what it was doing
 * is put in one of a few categories, so that the task's busy time splits into the forward pass and
 * the rest (routing, serialisation, the chained sink, waiting for buffers or input).
 */
public final class TaskProfile implements AutoCloseable {

  /** What a sampled thread was doing, in the order the categories are tried. */
  public enum Activity {
    FORWARD_PASS("forward pass (FrameClassifier.predict)"),
    TASKS_SINK("tasks to people (sink writer)"),
    ROUTER("router"),
    DECISION_EVENTS("decision events"),
    SERIALISATION("serialisation of records in and out"),
    BATCHING("batching state and timers (BatchedInference)"),
    CHECKPOINTS("checkpoints"),
    WAITING_FOR_BUFFERS("waiting for output buffers within a record"),
    WAITING("waiting between records, for input or for output buffers"),
    FLINK_OTHER("Flink's task loop, other");

    private final String description;

    Activity(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final String threadNamePrefix;
  private final Map<Activity, Integer> counts = new TreeMap<>();
  private long[] sampled = new long[0];
  private int samples;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread sampler;

  private TaskProfile(String threadNamePrefix, Duration every) {
    this.threadNamePrefix = threadNamePrefix;
    this.sampler =
        new Thread(
            () -> {
              while (!stop.get()) {
                sample();
                try {
                  Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "task-profile");
    sampler.setDaemon(true);
  }

  /** Starts sampling the threads whose name starts with {@code threadNamePrefix}. */
  public static TaskProfile start(String threadNamePrefix, Duration every) {
    TaskProfile profile = new TaskProfile(threadNamePrefix, every);
    profile.sampler.start();
    return profile;
  }

  /** Each activity's share of the samples so far, largest first. */
  public synchronized Map<Activity, Double> shares() {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    Map<Activity, Double> shares = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<Activity, Integer>comparingByValue().reversed())
        .forEach(e -> shares.put(e.getKey(), (double) e.getValue() / total));
    return shares;
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    sampler.interrupt();
    sampler.join();
  }

  private void sample() {
    // finding the task's threads reads every thread's name: every 50 samples, not at each
    if (samples++ % 50 == 0) {
      sampled =
          Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds(), 0))
              .filter(info -> info != null && info.getThreadName().startsWith(threadNamePrefix))
              .mapToLong(ThreadInfo::getThreadId)
              .toArray();
    }
    for (ThreadInfo info : threads.getThreadInfo(sampled, 64)) {
      if (info != null) {
        Activity activity = activity(info.getThreadState(), Arrays.asList(info.getStackTrace()));
        synchronized (this) {
          counts.merge(activity, 1, Integer::sum);
        }
      }
    }
  }

  /** What a thread in this state with this stack (innermost frame first) is doing. */
  static Activity activity(Thread.State state, List<StackTraceElement> stack) {
    boolean running = state == Thread.State.RUNNABLE;
    for (StackTraceElement frame : stack) {
      String c = frame.getClassName();
      if (!running && c.contains("BufferPool")) {
        return Activity.WAITING_FOR_BUFFERS;
      }
      if (c.startsWith("dev.handmade.model.classifier.FrameClassifier")
          || c.startsWith("org.nd4j.")
          || c.startsWith("org.deeplearning4j.")) {
        return Activity.FORWARD_PASS;
      }
      if (c.startsWith("dev.handmade.pipeline.sink.labelling.")) {
        return Activity.TASKS_SINK;
      }
      if (c.startsWith("dev.handmade.pipeline.routing.Router")) {
        return Activity.ROUTER;
      }
      if (c.startsWith("dev.handmade.pipeline.audit.AuditEvents")) {
        return Activity.DECISION_EVENTS;
      }
      if (running
          && (c.startsWith("org.apache.avro.")
              || c.contains("Serializer")
              || c.contains(".serialization.")
              || c.contains("Deserializ"))) {
        return Activity.SERIALISATION;
      }
      if (c.startsWith("dev.handmade.pipeline.inference.BatchedInference")) {
        return Activity.BATCHING;
      }
      if (c.toLowerCase().contains("checkpoint")) {
        return Activity.CHECKPOINTS;
      }
    }
    return running ? Activity.FLINK_OTHER : Activity.WAITING;
  }
}
