package dev.handmade.labelling.cli;

import dev.handmade.labelling.LabellingService;
import dev.handmade.labelling.api.FrameData;
import dev.handmade.labelling.api.LabellingApiClient;
import dev.handmade.labelling.api.LabellingApiException;
import dev.handmade.labelling.api.LeaseView;
import dev.handmade.labelling.api.TaskSubmission;
import dev.handmade.labelling.auth.Principal;
import dev.handmade.labelling.config.ServiceConfig;
import dev.handmade.labelling.core.LabellingQueue;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.TaskKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Lease + answer round trips per second, and their latency, at several numbers of concurrent
 * labellers: over HTTP against the service, and, beside it, the same lease and answer
 * transactions run straight on the database by the same number of threads in this process (no
 * HTTP, no token check): the database's limit for these statements on this machine, of which the
 * service's rate is printed as a share. Each level runs {@code --rounds} times, the two kinds in
 * turn, each on tasks and labellers of its own; the range over rounds is the noise. Runs on a fresh
 * database: a new one on the server of --db-url, or a fresh embedded PostgreSQL; both are removed
 * afterwards.
 *
 * <p>These labellers never pause, so by Little's law their mean wait is labellers / rate: at 64 it
 * is bound to be long on a small machine. People look at a frame for seconds before they answer;
 * the paced runs model that ({@code --think-ms}) and give the latency a labeller would see at a
 * known offered load.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure lease+answer round trips per second and p50/p99 latency at 1, 16 and 64 labellers, "
            + "over HTTP and straight on the database.")
public final class BenchCommand implements Callable<Integer> {

  @Option(
      names = "--db-url",
      description =
          "JDBC URL of a PostgreSQL server; the bench creates and drops "
              + "its own database there. Without it, an embedded PostgreSQL in a temporary folder.")
  String dbUrl;

  @Option(names = "--db-user", defaultValue = "postgres")
  String dbUser;

  @Option(names = "--db-password", defaultValue = "")
  String dbPassword;

  @Option(
      names = "--labellers",
      split = ",",
      defaultValue = "1,16,64",
      description = "Concurrency levels (default 1,16,64).")
  int[] levels;

  @Option(
      names = "--seconds",
      defaultValue = "10",
      description = "Measured seconds per run (default 10).")
  int seconds;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description =
          "Runs of each kind per level, taken in turn (default 3): the range over them is the noise printed.")
  int rounds;

  @Option(
      names = "--tasks",
      defaultValue = "12000",
      description =
          "Tasks queued before each run (default 12000); a run that empties the queue says so.")
  int tasksPerRun;

  @Option(
      names = "--pool",
      defaultValue = "24",
      description = "Database connections of the service (default 24).")
  int poolSize;

  @Option(
      names = "--think-ms",
      defaultValue = "2000",
      description =
          "Paced runs: how long a labeller looks at a frame between lease and answer, on average; "
              + "uniform within +-50%% (default 2000; 0 skips the paced runs).")
  int thinkMillis;

  @Option(
      names = "--paced-seconds",
      defaultValue = "30",
      description = "Measured seconds per paced run, after a ramp of 1.5 think times (default 30).")
  int pacedSeconds;

  /**
   * One run's round trips (the nanoseconds each spent in requests, think time left out), the
   * round trips that failed, and whether the queue ran dry before the deadline.
   */
  record Run(long[] nanos, long failed, boolean ranDry, double seconds) {
    double perSecond() {
      return nanos.length / seconds;
    }
  }

  /**
   * One labeller's lease and answer: the nanoseconds spent waiting for them, or {@link #DRY} when
   * the queue had nothing to lease.
   */
  @FunctionalInterface
  interface RoundTrip {
    long DRY = -1;

    long run() throws Exception;
  }

  @Override
  public Integer call() throws Exception {
    String admin = "bench-admin-" + UUID.randomUUID();
    String pipeline = "bench-pipeline-" + UUID.randomUUID();
    ServiceConfig.Builder config =
        ServiceConfig.builder()
            .set("http.port", 0)
            .set("gold.rate", 0)
            .set("db.poolSize", poolSize)
            .set("bootstrap.adminToken", admin)
            .set("bootstrap.pipelineToken", pipeline);
    String database = null;
    Path tempDir = null;
    if (dbUrl != null) {
      database = "handmade_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      execute(dbUrl, "create database " + database);
      config
          .set("db.url", withDatabase(dbUrl, database))
          .set("db.user", dbUser)
          .set("db.password", dbPassword);
    } else {
      tempDir = Files.createTempDirectory("handmade-bench");
      config.set("db.dataDir", tempDir.resolve("db"));
    }
    try (LabellingService service = LabellingService.start(config.build())) {
      LabellingApiClient api =
          LabellingApiClient.builder()
              .baseUrl("http://127.0.0.1:" + service.port())
              .token(admin)
              .build();
      System.out.println(machine(service, database));
      System.out.println(durability(service));
      System.out.println(commitTime(service, database, "at the start"));
      System.out.printf(
          Locale.ROOT,
          "%-9s | %-35s | %-35s | %s%n",
          "",
          "service over HTTP",
          "database limit (same statements)",
          "");
      System.out.printf(
          Locale.ROOT,
          "%-9s | %15s %9s %9s | %15s %9s %9s | %s%n",
          "labellers",
          "per s",
          "p50 ms",
          "p99 ms",
          "per s",
          "p50 ms",
          "p99 ms",
          "service share");
      int run = 0;
      List<String> littlesLaw = new ArrayList<>();
      List<String> whereTimeGoes = new ArrayList<>();
      for (int labellers : levels) {
        List<Run> viaHttp = new ArrayList<>();
        List<Run> direct = new ArrayList<>();
        HandlerTime inHandlers = HandlerTime.NONE;
        for (int round = 0; round < rounds; round++) {
          // in turn, so that a machine that grows busier weighs on both kinds alike
          boolean directFirst = round % 2 == 0;
          for (int kind = 0; kind < 2; kind++) {
            String prefix = "b" + (run++);
            if ((kind == 0) == directFirst) {
              direct.add(
                  direct(service, api, pipeline, labellers, prefix, tasksPerRun, 0, 0, seconds));
            } else {
              HandlerTime before = HandlerTime.of(service.metrics());
              viaHttp.add(overHttp(api, pipeline, labellers, prefix, tasksPerRun, 0, 0, seconds));
              inHandlers = inHandlers.plus(HandlerTime.of(service.metrics()).since(before));
            }
          }
        }
        System.out.println(line(labellers, viaHttp, direct));
        littlesLaw.add(littlesLaw(labellers, viaHttp, direct));
        whereTimeGoes.add(whereTimeGoes(labellers, viaHttp, inHandlers, direct));
      }
      System.out.println(
          "Little's law for labellers who never pause: mean round trip = labellers / rate");
      littlesLaw.forEach(System.out::println);
      System.out.println(
          "where a round trip's time goes (means): over HTTP, in the service's lease and answer"
              + " handlers (Javalin's own time per request), and the same statements without HTTP");
      whereTimeGoes.forEach(System.out::println);
      if (thinkMillis > 0) {
        paced(service, api, pipeline, run);
      }
      System.out.println(commitTime(service, database, "at the end"));
      System.out.println(load("load average at the end"));
    } finally {
      if (database != null) {
        execute(dbUrl, "drop database if exists " + database + " with (force)");
      }
      if (tempDir != null) {
        try (Stream<Path> files = Files.walk(tempDir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    return 0;
  }

  /** A connection to the database the service under test uses. */
  private Connection connect(LabellingService service, String database) throws SQLException {
    return service.embeddedJdbcUrl().isPresent()
        ? DriverManager.getConnection(service.embeddedJdbcUrl().get(), "postgres", "")
        : DriverManager.getConnection(withDatabase(dbUrl, database), dbUser, dbPassword);
  }

  /**
   * How long the server takes to commit one row durably, at the start and at the end: every lease
   * and answer waits for such a flush, and whole runs of the bench differed by up to a third while
   * the disk's flush time, measured apart, varied 2.5-fold. A logged table (a temporary one writes
   * no WAL), synchronous_commit on, one insert per commit.
   */
  private String commitTime(LabellingService service, String database, String when)
      throws SQLException {
    int commits = 200;
    long[] nanos = new long[commits];
    try (Connection c = connect(service, database);
        Statement s = c.createStatement()) {
      s.execute("set synchronous_commit = on");
      s.execute("create table if not exists handmade_bench_commit_probe (n int)");
      try (var insert = c.prepareStatement("insert into handmade_bench_commit_probe values (?)")) {
        for (int i = 0; i < commits; i++) {
          insert.setInt(1, i);
          long start = System.nanoTime();
          insert.executeUpdate();
          nanos[i] = System.nanoTime() - start;
        }
      }
      s.execute("drop table handmade_bench_commit_probe");
    }
    Arrays.sort(nanos);
    return String.format(
        Locale.ROOT,
        "durable commit of one row %s: p50 %.2f ms, p90 %.2f ms (%d commits)",
        when,
        percentile(nanos, 0.5) / 1e6,
        percentile(nanos, 0.9) / 1e6,
        commits);
  }

  private String machine(LabellingService service, String database) throws SQLException {
    String settings;
    try (Connection c = connect(service, database);
        Statement s = c.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery(
                "select current_setting('server_version'), "
                    + "current_setting('synchronous_commit'), current_setting('fsync')")) {
      rs.next();
      settings =
          "PostgreSQL "
              + rs.getString(1)
              + ", synchronous_commit="
              + rs.getString(2)
              + ", fsync="
              + rs.getString(3);
    }
    return "machine: "
        + Runtime.getRuntime().availableProcessors()
        + " cores, "
        + load("load average")
        + "; "
        + settings
        + "; "
        + poolSize
        + " connections; "
        + seconds
        + " s per run, "
        + rounds
        + " rounds per level; rates as mean (min-max over rounds)";
  }

  /** Whether a commit the service acknowledges is on disk, as its own sessions are set. */
  private static String durability(LabellingService service) {
    String synchronousCommit = service.databaseSetting("synchronous_commit");
    String fsync = service.databaseSetting("fsync");
    boolean durable = !"off".equals(synchronousCommit) && "on".equals(fsync);
    return "commits: synchronous_commit="
        + synchronousCommit
        + ", fsync="
        + fsync
        + " in the service's sessions: "
        + (durable
            ? "durable (acknowledged once on disk)"
            : "NOT durable: these figures overstate the service");
  }

  /**
   * The mean wait Little's law gives for closed-loop labellers at the service's rate, beside the
   * mean measured, and the rate a mean under 50 ms would need at this many labellers.
   */
  private static String littlesLaw(int labellers, List<Run> viaHttp, List<Run> direct) {
    double rate = mean(viaHttp);
    return String.format(
        Locale.ROOT,
        "  %d labellers / %.0f per s = %.1f ms (measured mean %.1f ms); "
            + "a mean under 50 ms needs more than %d per s, the database alone gives %.0f",
        labellers,
        rate,
        1000.0 * labellers / rate,
        meanMillis(viaHttp),
        labellers * 20,
        mean(direct));
  }

  /**
   * A round trip over HTTP split into the service's handlers and the rest (client, connection,
   * Jetty), and the handlers' time beside the bare statements' (JSON, authentication, routing).
   */
  private static String whereTimeGoes(
      int labellers, List<Run> viaHttp, HandlerTime inHandlers, List<Run> direct) {
    double overHttp = meanMillis(viaHttp);
    double handlers = inHandlers.roundTripMillis();
    double statements = meanMillis(direct);
    return String.format(
        Locale.ROOT,
        "  %d labellers: %.2f ms over HTTP: %.2f ms in the handlers (lease %.2f, answer %.2f),"
            + " %.2f ms outside them (HTTP client, connection, Jetty); the same statements"
            + " without HTTP %.2f ms, the handlers %+.2f ms against them (with more labellers than"
            + " connections both include the wait for one)",
        labellers,
        overHttp,
        handlers,
        inHandlers.leaseMillis(),
        inHandlers.answerMillis(),
        overHttp - handlers,
        statements,
        handlers - statements);
  }

  private static double meanMillis(List<Run> runs) {
    return runs.stream().flatMapToLong(r -> Arrays.stream(r.nanos())).average().orElse(Double.NaN)
        / 1e6;
  }

  /**
   * The service's own time in the lease and answer handlers, from its HTTP request timer (what
   * {@code /metrics} serves as {@code handmade_http_requests}).
   */
  record HandlerTime(long leases, double leaseNanos, long answers, double answerNanos) {
    static final HandlerTime NONE = new HandlerTime(0, 0, 0, 0);

    /** The routes as the service registers them (openapi.yaml's paths). */
    private static final String LEASE = "/api/leases";

    private static final String ANSWER = "/api/leases/{leaseId}/answer";

    static HandlerTime of(MeterRegistry metrics) {
      HandlerTime sum = NONE;
      for (Timer t : metrics.find("handmade_http_requests").tag("method", "POST").timers()) {
        String route = t.getId().getTag("route");
        double nanos = t.totalTime(TimeUnit.NANOSECONDS);
        if (LEASE.equals(route)) {
          sum = sum.plus(new HandlerTime(t.count(), nanos, 0, 0));
        } else if (ANSWER.equals(route)) {
          sum = sum.plus(new HandlerTime(0, 0, t.count(), nanos));
        }
      }
      return sum;
    }

    HandlerTime plus(HandlerTime o) {
      return new HandlerTime(
          leases + o.leases,
          leaseNanos + o.leaseNanos,
          answers + o.answers,
          answerNanos + o.answerNanos);
    }

    HandlerTime since(HandlerTime earlier) {
      return new HandlerTime(
          leases - earlier.leases,
          leaseNanos - earlier.leaseNanos,
          answers - earlier.answers,
          answerNanos - earlier.answerNanos);
    }

    double leaseMillis() {
      return leaseNanos / leases / 1e6;
    }

    double answerMillis() {
      return answerNanos / answers / 1e6;
    }

    double roundTripMillis() {
      return leaseMillis() + answerMillis();
    }
  }

  /**
   * Labellers who look at each frame for a while before they answer: a known offered load, and
   * the latency of its leases and answers, over HTTP and straight on the database.
   */
  private void paced(
      LabellingService service, LabellingApiClient api, String pipeline, int firstRun)
      throws Exception {
    long rampMillis = thinkMillis * 3L / 2;
    System.out.printf(
        Locale.ROOT,
        "paced labellers: each looks at a frame %d ms (uniform +-50%%) between lease "
            + "and answer; %d s per level after a %d ms ramp; latency is the lease and the answer together, "
            + "think time left out%n",
        thinkMillis,
        pacedSeconds,
        rampMillis);
    System.out.printf(
        Locale.ROOT,
        "%-9s | %-7s | %-45s | %-45s%n",
        "",
        "",
        "service over HTTP",
        "database (same statements)");
    System.out.printf(
        Locale.ROOT,
        "%-9s | %7s | %7s %7s %7s %7s %13s | %7s %7s %7s %7s %13s%n",
        "labellers",
        "offered",
        "per s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "p99 < 50 ms",
        "per s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "p99 < 50 ms");
    int run = firstRun;
    for (int labellers : levels) {
      // a round trip takes at least half a think time: enough tasks that none runs dry
      int tasks = (int) (labellers * ((pacedSeconds * 1000L + rampMillis) / (thinkMillis / 2) + 2));
      Run viaHttp =
          overHttp(
              api,
              pipeline,
              labellers,
              "b" + (run++),
              tasks,
              thinkMillis,
              rampMillis,
              pacedSeconds);
      Run direct =
          direct(
              service,
              api,
              pipeline,
              labellers,
              "b" + (run++),
              tasks,
              thinkMillis,
              rampMillis,
              pacedSeconds);
      System.out.printf(
          Locale.ROOT,
          "%-9d | %7.1f | %s | %s%s%n",
          labellers,
          labellers * 1000.0 / thinkMillis,
          pacedFigures(viaHttp),
          pacedFigures(direct),
          failures(List.of(viaHttp, direct)));
    }
  }

  private static String pacedFigures(Run run) {
    long[] sorted = Arrays.stream(run.nanos()).sorted().toArray();
    double p99 = percentile(sorted, 0.99) / 1e6;
    return String.format(
        Locale.ROOT,
        "%7.1f %7.2f %7.2f %7.2f %13s",
        run.perSecond(),
        percentile(sorted, 0.50) / 1e6,
        percentile(sorted, 0.95) / 1e6,
        p99,
        (p99 < 50 ? "yes" : "NO") + " (n " + sorted.length + ")");
  }

  private static String failures(List<Run> runs) {
    boolean dry = runs.stream().anyMatch(Run::ranDry);
    long failed = runs.stream().mapToLong(Run::failed).sum();
    return (dry ? "  (the queue ran dry: raise --tasks)" : "")
        + (failed > 0 ? "  (" + failed + " round trips failed, not counted)" : "");
  }

  private static String load(String what) {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return String.format(Locale.ROOT, "%s %.2f", what, load);
  }

  private String line(int labellers, List<Run> viaHttp, List<Run> direct) {
    double service = mean(viaHttp);
    double limit = mean(direct);
    double minShare = Double.MAX_VALUE;
    double maxShare = 0;
    for (int i = 0; i < Math.min(viaHttp.size(), direct.size()); i++) {
      double share = viaHttp.get(i).perSecond() / direct.get(i).perSecond();
      minShare = Math.min(minShare, share);
      maxShare = Math.max(maxShare, share);
    }
    return String.format(
        Locale.ROOT,
        "%-9d | %s | %s | %.0f%% (%.0f-%.0f%%)%s",
        labellers,
        figures(viaHttp),
        figures(direct),
        100 * service / limit,
        100 * minShare,
        100 * maxShare,
        failures(Stream.concat(viaHttp.stream(), direct.stream()).toList()));
  }

  private static String figures(List<Run> runs) {
    long[] all = runs.stream().flatMapToLong(r -> Arrays.stream(r.nanos())).sorted().toArray();
    double min = runs.stream().mapToDouble(Run::perSecond).min().orElse(Double.NaN);
    double max = runs.stream().mapToDouble(Run::perSecond).max().orElse(Double.NaN);
    return String.format(
        Locale.ROOT,
        "%15s %9.2f %9.2f",
        String.format(Locale.ROOT, "%.0f (%.0f-%.0f)", mean(runs), min, max),
        percentile(all, 0.50) / 1e6,
        percentile(all, 0.99) / 1e6);
  }

  private static double mean(List<Run> runs) {
    return runs.stream().mapToDouble(Run::perSecond).average().orElse(Double.NaN);
  }

  /** What a labeller does, over HTTP or straight on the queue. */
  interface Labeller {
    Optional<LeaseView> lease() throws Exception;

    void answer(long leaseId, long activeMillis) throws Exception;
  }

  /**
   * The labellers lease and answer over HTTP, as their page does, looking at each frame for a
   * think time around {@code thinkMillis} in between (none when 0).
   */
  private Run overHttp(
      LabellingApiClient admin,
      String pipeline,
      int labellers,
      String prefix,
      int tasks,
      int thinkMillis,
      long rampMillis,
      int measuredSeconds)
      throws Exception {
    List<RoundTrip> loops = new ArrayList<>();
    for (String token : prepare(admin, pipeline, labellers, prefix, tasks)) {
      LabellingApiClient api = admin.withToken(token);
      loops.add(
          roundTrip(
              new Labeller() {
                @Override
                public Optional<LeaseView> lease() throws Exception {
                  return api.lease();
                }

                @Override
                public void answer(long leaseId, long activeMillis) throws Exception {
                  api.answer(leaseId, ObjectClass.CAR, activeMillis);
                }
              },
              thinkMillis));
    }
    return measure(loops, rampMillis, measuredSeconds);
  }

  /**
   * The same lease and answer transactions, called in this process on the service's own queue
   * and connection pool: what the database gives these statements with no HTTP in front.
   */
  private Run direct(
      LabellingService service,
      LabellingApiClient admin,
      String pipeline,
      int labellers,
      String prefix,
      int tasks,
      int thinkMillis,
      long rampMillis,
      int measuredSeconds)
      throws Exception {
    LabellingQueue queue = service.queue();
    List<RoundTrip> loops = new ArrayList<>();
    for (String token : prepare(admin, pipeline, labellers, prefix, tasks)) {
      Principal principal = service.accounts().authenticate(token).orElseThrow();
      loops.add(
          roundTrip(
              new Labeller() {
                @Override
                public Optional<LeaseView> lease() {
                  return queue.lease(principal);
                }

                @Override
                public void answer(long leaseId, long activeMillis) {
                  queue.submit(principal, leaseId, ObjectClass.CAR, activeMillis);
                }
              },
              thinkMillis));
    }
    return measure(loops, rampMillis, measuredSeconds);
  }

  /** Lease, look at the frame for a think time (none when 0), answer: the time spent waiting on the two. */
  private static RoundTrip roundTrip(Labeller labeller, int thinkMillis) {
    return () -> {
      long start = System.nanoTime();
      Optional<LeaseView> lease = labeller.lease();
      if (lease.isEmpty()) {
        return RoundTrip.DRY;
      }
      long leased = System.nanoTime();
      long think =
          thinkMillis == 0
              ? 0
              : ThreadLocalRandom.current().nextLong(thinkMillis / 2, thinkMillis * 3L / 2 + 1);
      Thread.sleep(think);
      long answering = System.nanoTime();
      labeller.answer(lease.get().leaseId(), thinkMillis == 0 ? 1500 : think);
      return leased - start + System.nanoTime() - answering;
    };
  }

  /** Queues this run's tasks and creates its labellers; returns their tokens. */
  private List<String> prepare(
      LabellingApiClient admin, String pipeline, int labellers, String prefix, int tasks)
      throws LabellingApiException, InterruptedException {
    LabellingApiClient pipelineApi = admin.withToken(pipeline);
    FrameData frame =
        new FrameData(
            null,
            null,
            null,
            null,
            new FrameData.CameraData(8, 8, Base64.getEncoder().encodeToString(new byte[8 * 8 * 3])),
            List.of(new double[] {1, 2, 0.5, 0.3}, new double[] {1.2, 2.1, 0.7, 0.4}),
            null,
            null,
            null);
    for (int from = 0; from < tasks; from += 500) {
      List<TaskSubmission> batch = new ArrayList<>();
      for (int i = from; i < Math.min(tasks, from + 500); i++) {
        batch.add(
            new TaskSubmission(
                null,
                prefix + "-" + i,
                TaskKind.UNCERTAIN,
                (double) (i % 97),
                null,
                null,
                null,
                frame,
                null));
      }
      pipelineApi.submitTasks(batch);
    }
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < labellers; i++) {
      tokens.add(admin.createAccount(prefix + "-labeller-" + i, "labeller").token());
    }
    return tokens;
  }

  /**
   * Runs every loop on a thread of its own until the deadline and keeps the round trips that
   * began in the measured window: after the ramp, over which the loops start at random moments
   * (so that paced labellers do not all arrive together), and for {@code measuredSeconds}.
   */
  private Run measure(List<RoundTrip> loops, long rampMillis, int measuredSeconds)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(loops.size());
    try {
      CountDownLatch ready = new CountDownLatch(loops.size());
      CountDownLatch go = new CountDownLatch(1);
      long[] window = new long[2];
      List<Future<long[]>> results = new ArrayList<>();
      AtomicBoolean dry = new AtomicBoolean();
      AtomicLong failed = new AtomicLong();
      for (RoundTrip loop : loops) {
        results.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  if (rampMillis > 0) {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(rampMillis));
                  }
                  long[] times = new long[1 << 16];
                  int n = 0;
                  while (n < times.length) {
                    long start = System.nanoTime();
                    if (start >= window[1]) {
                      break;
                    }
                    long nanos;
                    try {
                      nanos = loop.run();
                    } catch (IOException | RuntimeException e) {
                      // counted and shown, as a labeller's page would show it and go on
                      if (start >= window[0] && failed.incrementAndGet() == 1) {
                        System.err.println("first failed round trip: " + e.getMessage());
                      }
                      continue;
                    }
                    if (nanos == RoundTrip.DRY) {
                      dry.set(true);
                      break;
                    }
                    if (start >= window[0]) {
                      times[n++] = nanos;
                    }
                  }
                  return Arrays.copyOf(times, n);
                }));
      }
      ready.await();
      window[0] = System.nanoTime() + rampMillis * 1_000_000L;
      window[1] = window[0] + measuredSeconds * 1_000_000_000L;
      go.countDown();
      List<long[]> all = new ArrayList<>();
      for (Future<long[]> f : results) {
        all.add(f.get());
      }
      long[] nanos = all.stream().flatMapToLong(Arrays::stream).toArray();
      return new Run(nanos, failed.get(), dry.get(), measuredSeconds);
    } finally {
      pool.shutdown();
    }
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }

  private void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, dbUser, dbPassword);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The same server with another database: jdbc:postgresql://host:port/db?params. */
  static String withDatabase(String url, String database) {
    int query = url.indexOf('?');
    String head = query < 0 ? url : url.substring(0, query);
    String tail = query < 0 ? "" : url.substring(query);
    int slash = head.lastIndexOf('/');
    if (slash < "jdbc:postgresql://".length()) {
      return head + "/" + database + tail;
    }
    return head.substring(0, slash + 1) + database + tail;
  }
}
