package dev.handmade.model.classifier;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A value computed once per JVM on a thread of its own, which no caller's interrupt reaches.
 *
 * <p>Why: a class whose static initialiser fails stays broken in its class loader, and Flink keeps
 * a job's class loader on a TaskManager across restarts. Loading ND4J's native libraries takes
 * seconds; in the cluster test a job restart cancelled (interrupted) the training round that was
 * loading them, and every later round on that TaskManager failed with {@code NoClassDefFoundError}.
 * Here an interrupted caller stops waiting and gets an exception, while the loading goes on, so the
 * next caller finds it done.
 */
final class InitialisedOnce<T> {

  private final String what;
  private final ClassLoader classLoader;
  private final FutureTask<T> task;
  private boolean started;

  /**
   * @param what what is initialised, for the thread's name and for errors
   * @param classLoader the initialising thread's context class loader: the one that defines what
   *     is initialised, so that it lives as long as the value. Not the first caller's: in Flink
   *     that is its job's class loader, closed when the job ends, while a library on a longer-lived
   *     class path (a MiniCluster's, a TaskManager's lib folder) stays loaded for the next job. One
   *     such job, stopped while ND4J loaded, left ND4J broken for every later job in the JVM
   *     ("Trying to access closed classloader")
   * @param init the initialisation, run once, on the first {@link #get()}
   */
  InitialisedOnce(String what, ClassLoader classLoader, Callable<T> init) {
    this.what = what;
    this.classLoader = classLoader;
    this.task = new FutureTask<>(init);
  }

  /** The value, waiting for the initialisation to finish; starts it on the first call. */
  T get() {
    start();
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while waiting for " + what + " (it goes on for the next caller)", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    }
  }

  private synchronized void start() {
    if (!started) {
      Thread thread = new Thread(task, what);
      thread.setContextClassLoader(classLoader);
      thread.setDaemon(true);
      thread.start();
      started = true;
    }
  }
}
