package dev.handmade.pipeline.simulation;

import dev.handmade.labelling.api.LabellingApiClient;
import dev.handmade.labelling.api.LabellingApiException;
import dev.handmade.labelling.api.LeaseView;
import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.schema.ObjectClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People stand-ins for trying the loop without people: each is a labeller account of the
 * labelling service that leases tasks over its HTTP API and answers them the way a person with
 * the given accuracy would, drawing the truth from the simulator or the dataset (see
 * {@link DriveLogTruth}) and erring at random otherwise; a frame without known truth gets "can't
 * tell".
 * They hold each lease for their working time, so the service measures and pays them as it
 * would a person (scaled by {@code timeScale} to run faster than life).
 */
public final class SimulatedLabellers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedLabellers.class);

  /**
   * @param count how many labellers
   * @param accuracy chance each answer is right
   * @param secondsPerTask working time per task, as a person would take
   * @param timeScale real seconds per simulated second (0.01: a 4 s task takes 40 ms)
   */
  public record Crowd(
      int count, double accuracy, double secondsPerTask, double timeScale, long seed) {
    public Crowd {
      if (count < 0) {
        throw new IllegalArgumentException("count must be at least 0, got " + count);
      }
      if (!(accuracy >= 0 && accuracy <= 1)) {
        throw new IllegalArgumentException("accuracy must be in [0, 1], got " + accuracy);
      }
      if (!(secondsPerTask > 0) || !(timeScale > 0)) {
        throw new IllegalArgumentException("secondsPerTask and timeScale must be positive");
      }
    }
  }

  private final Function<String, ObjectClass> truth;
  private final Crowd crowd;
  private final ExecutorService workers;
  private final AtomicLong answered = new AtomicLong();
  private volatile boolean running = true;

  private SimulatedLabellers(
      String baseUrl, String adminToken, Function<String, ObjectClass> truth, Crowd crowd)
      throws LabellingApiException, InterruptedException {
    LabellingApiClient admin =
        LabellingApiClient.builder()
            .baseUrl(baseUrl)
            .token(adminToken)
            .requestTimeout(Duration.ofSeconds(30))
            .build();
    this.truth = truth;
    this.crowd = crowd;
    this.workers =
        Executors.newFixedThreadPool(
            Math.max(1, crowd.count()),
            r -> {
              Thread t = new Thread(r, "simulated-labeller");
              t.setDaemon(true);
              return t;
            });
    // the service shows a token only when it creates the account, so each start makes its own
    // accounts, named by start time; pay and accuracy are then per start, as for new people
    String run = Long.toString(System.currentTimeMillis(), 36);
    List<LabellingApiClient> labellers = new ArrayList<>();
    for (int i = 0; i < crowd.count(); i++) {
      String token = admin.createAccount("simulated-labeller-" + run + "-" + i, "labeller").token();
      labellers.add(admin.withToken(token));
    }
    for (int i = 0; i < labellers.size(); i++) {
      LabellingApiClient labeller = labellers.get(i);
      SplittableRandom random = new SplittableRandom(crowd.seed() * 1_000 + i);
      workers.submit(() -> work(labeller, random));
    }
  }

  /** Creates the accounts (through an admin token) and starts the labellers working. */
  public static SimulatedLabellers start(
      String baseUrl, String adminToken, Function<String, ObjectClass> truth, Crowd crowd) {
    try {
      return new SimulatedLabellers(baseUrl, adminToken, truth, crowd);
    } catch (LabellingApiException e) {
      throw new IllegalStateException(
          "could not create simulated labellers at " + baseUrl + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating simulated labellers", e);
    }
  }

  /**
   * Ground truth of simulator frames, from their ids ("sim-SEED-INDEX", or "sim-SEED-INDEX-REPLAY"
   * for a replayed frame): the frame is regenerated.
   */
  public static Function<String, ObjectClass> simulatorTruth() {
    Map<Long, SensorSimulator> simulators = new ConcurrentHashMap<>();
    return frameId -> {
      String[] parts = frameId.split("-");
      if (parts.length < 3 || parts.length > 4 || !parts[0].equals("sim")) {
        return null;
      }
      long seed = Long.parseLong(parts[1]);
      long index = Long.parseLong(parts[2]);
      return simulators
          .computeIfAbsent(seed, s -> SensorSimulator.builder().seed(s).build())
          .frame(index)
          .getGroundTruth();
    };
  }

  /** The first truth that knows the frame: e.g. simulated frames, then drive logs' ground truth. */
  @SafeVarargs
  public static Function<String, ObjectClass> firstKnown(Function<String, ObjectClass>... truths) {
    List<Function<String, ObjectClass>> all = List.of(truths);
    return frameId -> {
      for (Function<String, ObjectClass> truth : all) {
        ObjectClass c = truth.apply(frameId);
        if (c != null) {
          return c;
        }
      }
      return null;
    };
  }

  public long answered() {
    return answered.get();
  }

  private void work(LabellingApiClient labeller, SplittableRandom random) {
    while (running) {
      try {
        Optional<LeaseView> lease = labeller.lease();
        if (lease.isEmpty()) {
          // nothing queued: look again shortly, as a person refreshing the page would
          pause(200);
          continue;
        }
        LeaseView task = lease.get();
        String frameId =
            task.frame() == null
                ? task.taskId()
                : task.frame().path("frameId").asText(task.taskId());
        long workMillis = Math.round(crowd.secondsPerTask() * (0.5 + random.nextDouble()) * 1000);
        pause(Math.round(workMillis * crowd.timeScale()));
        try {
          labeller.answer(task.leaseId(), answer(frameId, random), workMillis);
          answered.incrementAndGet();
        } catch (LabellingApiException e) {
          if (!e.answered()) {
            throw e;
          }
          LOG.debug("answer refused ({}): {}", e.status(), e.reason());
        }
      } catch (LabellingApiException e) {
        if (e.answered()) {
          LOG.warn("lease refused ({}): {}", e.status(), e.reason());
          if (!rest(1000)) {
            return;
          }
        } else if (running) {
          LOG.warn("labelling service unreachable: {}", e.getMessage());
          if (!rest(1000)) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private ObjectClass answer(String frameId, SplittableRandom random) {
    ObjectClass right = truth.apply(frameId);
    if (right == null) {
      return null;
    }
    if (random.nextDouble() < crowd.accuracy()) {
      return right;
    }
    ObjectClass[] all = ObjectClass.values();
    return all[(right.ordinal() + 1 + random.nextInt(all.length - 1)) % all.length];
  }

  /** Pauses; false when interrupted, which is how {@link #close()} stops the labellers. */
  private static boolean rest(long millis) {
    try {
      pause(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void pause(long millis) throws InterruptedException {
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    workers.shutdownNow();
    workers.awaitTermination(10, TimeUnit.SECONDS);
  }
}
