package dev.handmade.labelling.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server that the service starts itself on a data folder, so that a new user needs
 * nothing installed. The folder survives restarts; the first start creates it. The zonky
 * binaries run as root too, which the stock initdb refuses.
 *
 * <p>The server runs as its own process: when the JVM that started it dies without closing it
 * (kill -9, a crash), it keeps running and holds the folder. The next start finds it through
 * postmaster.pid and stops it first. Commits are durable (fsync, synchronous commit): an answer
 * acknowledged to a labeller survives a crash of the machine, not only of the service.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  /** Recovery after a crash replays the WAL before the server accepts connections. */
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedPostgresServer start(Path dataDir) {
    try {
      Files.createDirectories(
          dataDir.getParent() == null ? dataDir.toAbsolutePath().getParent() : dataDir.getParent());
      stopOrphan(dataDir.toAbsolutePath());
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir.toAbsolutePath())
              .setCleanDataDirectory(false)
              .setPGStartupWait(STARTUP_WAIT)
              // zonky's defaults are for throwaway test databases (synchronous_commit off)
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("fsync", "on")
              .setServerConfig("full_page_writes", "on")
              // the service closes the server itself; a hook would race with its shutdown
              .setRegisterShutdownHook(false)
              .start();
      return new EmbeddedPostgresServer(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL on " + dataDir, e);
    }
  }

  /**
   * Stops a server left running on this folder by a JVM that died. postmaster.pid holds its
   * process id and, on its second line, its data folder; only a live postgres process for this
   * very folder is stopped (SIGTERM, which once its clients are gone is a clean shutdown; SIGKILL
   * if it does not end in time). A pid file whose process is gone, or is something else, is
   * stale and removed, so that a reused process id cannot keep the server from starting.
   */
  static void stopOrphan(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    long pid;
    try {
      pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      pid = -1;
    }
    boolean sameFolder = lines.size() > 1 && samePath(Path.of(lines.get(1).trim()), dataDir);
    Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
    if (process.isEmpty()
        || !process.get().isAlive()
        || !sameFolder
        || !isPostgres(process.get())) {
      LOG.warn(
          "removing the stale {} (process {} is not a PostgreSQL server on this folder)",
          pidFile,
          pid);
      Files.deleteIfExists(pidFile);
      return;
    }
    ProcessHandle postmaster = process.get();
    LOG.warn(
        "a PostgreSQL server (pid {}) left running on {} by an earlier run that did not stop it; "
            + "stopping it",
        pid,
        dataDir);
    postmaster.destroy();
    try {
      postmaster.onExit().get(ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("PostgreSQL pid {} did not stop within {}; killing it", pid, ORPHAN_STOP_WAIT);
      postmaster.destroyForcibly();
      try {
        postmaster.onExit().get(ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException again) {
        throw new IOException("cannot stop the PostgreSQL server (pid " + pid + ") on " + dataDir);
      } catch (InterruptedException again) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping PostgreSQL pid " + pid, again);
      }
    } catch (ExecutionException e) {
      throw new IOException("cannot wait for PostgreSQL pid " + pid + " to stop", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping PostgreSQL pid " + pid, e);
    }
  }

  private static boolean isPostgres(ProcessHandle process) {
    return process
        .info()
        .command()
        .map(c -> Path.of(c).getFileName().toString())
        .map(name -> name.equals("postgres") || name.equals("postmaster"))
        .orElse(false);
  }

  private static boolean samePath(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public String user() {
    return "postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
