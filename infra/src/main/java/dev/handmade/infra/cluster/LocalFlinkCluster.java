package dev.handmade.infra.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink session cluster of separate JVMs on this machine: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}),
 * started from a {@link FlinkDistribution} with one {@code config.yaml}, as Flink's own scripts
 * would start them. Jobs reach it only through its REST API, as on any cluster. A TaskManager can
 * be killed with SIGKILL and another started in its place, which is what the fault tests do.
 *
 * <p>No start script computes memory here, so every TaskManager memory component is set
 * explicitly, and the JVM's heap, direct memory and metaspace limits are derived from them.
 */
public final class LocalFlinkCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);
  private static final String JOB_MANAGER_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TASK_MANAGER_MAIN =
      "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  /** What Flink's distribution passes every JVM on Java 17 ({@code env.java.opts.all} in its default config). */
  static final List<String> JAVA_17_OPENS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
          "--add-opens=java.sql/java.sql=ALL-UNNAMED");

  /**
   * @param workDir the cluster's folder: config, logs, uploaded jars, blobs
   * @param restPort the REST API's port (0: a free one)
   * @param taskManagers TaskManagers to start
   * @param slotsPerTaskManager task slots of each
   * @param configuration further Flink configuration (S3 file system, checkpoints, ...), over the defaults
   */
  public record Settings(
      FlinkDistribution distribution,
      Path workDir,
      int restPort,
      int taskManagers,
      int slotsPerTaskManager,
      Map<String, String> configuration) {
    public Settings {
      Objects.requireNonNull(distribution, "distribution");
      Objects.requireNonNull(workDir, "workDir");
      if (taskManagers < 1 || slotsPerTaskManager < 1) {
        throw new IllegalArgumentException(
            "a cluster needs at least one TaskManager with one slot");
      }
      configuration = Map.copyOf(configuration);
    }
  }

  private final Settings settings;
  private final Map<String, String> config;
  private final Path confDir;
  private final URI restUrl;
  private final Process jobManager;

  /** TaskManager processes by resource id, in the order they were started. */
  private final Map<String, Process> taskManagers = new LinkedHashMap<>();

  private LocalFlinkCluster(
      Settings settings,
      Map<String, String> config,
      Path confDir,
      URI restUrl,
      Process jobManager) {
    this.settings = settings;
    this.config = config;
    this.confDir = confDir;
    this.restUrl = restUrl;
    this.jobManager = jobManager;
  }

  /** Starts the JobManager and the TaskManagers and waits until every TaskManager has registered. */
  public static LocalFlinkCluster start(Settings settings)
      throws IOException, InterruptedException {
    Path work = settings.workDir().toAbsolutePath();
    Path conf = work.resolve("conf");
    Files.createDirectories(conf);
    Files.createDirectories(work.resolve("log"));
    int restPort = settings.restPort() == 0 ? freePort() : settings.restPort();
    Map<String, String> config = configuration(settings, work, restPort, freePort());
    writeConfig(conf.resolve("config.yaml"), config);
    Process jm =
        launch(
            settings.distribution(),
            JOB_MANAGER_MAIN,
            conf,
            work.resolve("log/jobmanager.log"),
            jvmOptions(
                List.of("-Xms768m", "-Xmx768m", "-XX:MaxMetaspaceSize=256m"), config, "jobmanager"),
            1,
            List.of());
    LocalFlinkCluster cluster =
        new LocalFlinkCluster(
            settings, config, conf, URI.create("http://127.0.0.1:" + restPort), jm);
    try {
      for (int i = 0; i < settings.taskManagers(); i++) {
        cluster.startTaskManager();
      }
      cluster.awaitTaskManagers(settings.taskManagers(), Duration.ofMinutes(2));
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** The REST API, where jobs are uploaded, run, watched and cancelled. */
  public URI restUrl() {
    return restUrl;
  }

  public FlinkRestClient rest() {
    return new FlinkRestClient(restUrl);
  }

  public Path workDir() {
    return settings.workDir();
  }

  /** The resource ids of the TaskManager processes started so far that are still alive. */
  public synchronized List<String> liveTaskManagers() {
    return taskManagers.entrySet().stream()
        .filter(e -> e.getValue().isAlive())
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * Starts one more TaskManager JVM; returns its resource id ({@code taskmanager-N}), the id under
   * which the REST API lists it.
   */
  public synchronized String startTaskManager() throws IOException {
    // numbered in start order, killed ones included: an id is never reused
    String resourceId = "taskmanager-" + (taskManagers.size() + 1);
    // heap = framework + task heap; direct = framework + task off-heap + network; see
    // configuration()
    taskManagers.put(
        resourceId,
        launch(
            settings.distribution(),
            TASK_MANAGER_MAIN,
            confDir,
            settings.workDir().toAbsolutePath().resolve("log/" + resourceId + ".log"),
            jvmOptions(
                List.of(
                    "-Xms1152m",
                    "-Xmx1152m",
                    "-XX:MaxDirectMemorySize=512m",
                    "-XX:MaxMetaspaceSize=256m"),
                config,
                "taskmanager"),
            Math.max(
                1,
                Runtime.getRuntime().availableProcessors()
                    / (settings.taskManagers() * settings.slotsPerTaskManager())),
            List.of("-D", "taskmanager.resource-id=" + resourceId)));
    return resourceId;
  }

  /**
   * Kills a live TaskManager with SIGKILL, as a machine or an OOM killer would; returns its pid.
   *
   * @param resourceId as {@link #startTaskManager()} returned it
   */
  public synchronized long killTaskManager(String resourceId) throws InterruptedException {
    Process victim = taskManagers.get(resourceId);
    if (victim == null || !victim.isAlive()) {
      throw new IllegalArgumentException("no live TaskManager " + resourceId);
    }
    long pid = victim.pid();
    victim.destroyForcibly();
    victim.waitFor();
    return pid;
  }

  /** Waits until the JobManager counts {@code expected} registered TaskManagers. */
  public void awaitTaskManagers(int expected, Duration patience) throws InterruptedException {
    Instant deadline = Instant.now().plus(patience);
    FlinkRestClient rest = rest();
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      if (!jobManager.isAlive()) {
        throw new IllegalStateException(
            "the JobManager exited with "
                + jobManager.exitValue()
                + "; see "
                + settings.workDir().resolve("log/jobmanager.log"));
      }
      try {
        int registered = rest.overview().path("taskmanagers").asInt();
        if (registered == expected) {
          return;
        }
        last = registered + " registered";
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "the cluster did not reach "
            + expected
            + " TaskManagers in "
            + patience
            + " ("
            + last
            + "); logs in "
            + settings.workDir().resolve("log"));
  }

  /** Stops every process of the cluster. */
  @Override
  public synchronized void close() {
    for (Process tm : taskManagers.values()) {
      stop(tm);
    }
    stop(jobManager);
  }

  private static void stop(Process p) {
    if (!p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The defaults of a small cluster on one machine, then the settings' own configuration over them. */
  static Map<String, String> configuration(
      Settings settings, Path work, int restPort, int rpcPort) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("jobmanager.rpc.address", "127.0.0.1");
    c.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    c.put("jobmanager.bind-host", "127.0.0.1");
    c.put("rest.address", "127.0.0.1");
    c.put("rest.bind-address", "127.0.0.1");
    c.put("rest.port", Integer.toString(restPort));
    c.put("web.upload.dir", work.resolve("uploads").toString());
    c.put("blob.storage.directory", work.resolve("blobs").toString());
    c.put("io.tmp.dirs", work.resolve("tmp").toString());
    c.put("taskmanager.host", "127.0.0.1");
    c.put("taskmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.numberOfTaskSlots", Integer.toString(settings.slotsPerTaskManager()));
    c.put("taskmanager.cpu.cores", Integer.toString(settings.slotsPerTaskManager()));
    c.put("taskmanager.memory.framework.heap.size", "128m");
    c.put("taskmanager.memory.task.heap.size", "1024m");
    c.put("taskmanager.memory.managed.size", "64m");
    c.put("taskmanager.memory.framework.off-heap.size", "128m");
    c.put("taskmanager.memory.task.off-heap.size", "256m");
    c.put("taskmanager.memory.network.min", "128m");
    c.put("taskmanager.memory.network.max", "128m");
    c.put("taskmanager.memory.jvm-metaspace.size", "256m");
    c.put("taskmanager.memory.jvm-overhead.min", "192m");
    c.put("taskmanager.memory.jvm-overhead.max", "192m");
    c.put("jobmanager.memory.heap.size", "768m");
    c.put("jobmanager.memory.off-heap.size", "128m");
    c.put("jobmanager.memory.jvm-metaspace.size", "256m");
    c.put("jobmanager.memory.jvm-overhead.min", "192m");
    c.put("jobmanager.memory.jvm-overhead.max", "192m");
    // a killed TaskManager is noticed within seconds rather than the default 50
    c.put("heartbeat.interval", "2000");
    c.put("heartbeat.timeout", "12000");
    c.put("restart-strategy.type", "exponential-delay");
    c.put("restart-strategy.exponential-delay.initial-backoff", "1 s");
    c.put("restart-strategy.exponential-delay.max-backoff", "10 s");
    c.put(
        "metrics.reporter.prom.factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    c.put("metrics.reporter.prom.port", "9249-9299");
    c.putAll(settings.configuration());
    return c;
  }

  /**
   * A JVM's memory limits, then the extra options of Flink's own keys, as its start scripts pass
   * them: {@code env.java.opts.all}, then {@code env.java.opts.jobmanager} or {@code
   * env.java.opts.taskmanager}.
   */
  static List<String> jvmOptions(List<String> memory, Map<String, String> config, String role) {
    List<String> options = new ArrayList<>(memory);
    for (String key : List.of("env.java.opts.all", "env.java.opts." + role)) {
      String value = config.getOrDefault(key, "").trim();
      if (!value.isEmpty()) {
        options.addAll(List.of(value.split("\\s+")));
      }
    }
    return options;
  }

  /** Flink 2's {@code config.yaml}, flat keys, every value a quoted YAML string. */
  private static void writeConfig(Path file, Map<String, String> config) throws IOException {
    try (Writer out = Files.newBufferedWriter(file)) {
      out.write("# written by Handmade's LocalFlinkCluster\n");
      for (Map.Entry<String, String> e : config.entrySet()) {
        out.write(e.getKey() + ": '" + e.getValue().replace("'", "''") + "'\n");
      }
    }
  }

  private static Process launch(
      FlinkDistribution dist,
      String mainClass,
      Path confDir,
      Path log,
      List<String> memory,
      int ompThreads,
      List<String> arguments)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(memory);
    command.addAll(JAVA_17_OPENS);
    command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS");
    command.add("-Dlog.file=" + log);
    command.add("-cp");
    command.add(dist.classPath());
    command.add(mainClass);
    command.add("--configDir");
    command.add(confDir.toString());
    command.addAll(arguments);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("FLINK_PLUGINS_DIR", dist.plugins().toAbsolutePath().toString());
    builder.environment().put("FLINK_CONF_DIR", confDir.toString());
    // ND4J's OpenMP threads spin while they wait: more of them than cores, and every slot's DL4J
    // slows down
    builder.environment().putIfAbsent("OMP_NUM_THREADS", Integer.toString(ompThreads));
    Process process = builder.start();
    LOG.info(
        "started {} as pid {} (log {})",
        mainClass.substring(mainClass.lastIndexOf('.') + 1),
        process.pid(),
        log);
    return process;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
