package dev.handmade.model.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InitialisedOnceTest {

  @Test
  void aCallerInterruptedWhileItWaitsDoesNotBreakTheInitialisationForTheNext() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    // an initialisation that an interrupt would break, as loading native libraries can be broken
    InitialisedOnce<String> once =
        new InitialisedOnce<>(
            "a slow initialisation",
            InitialisedOnceTest.class.getClassLoader(),
            () -> {
              runs.incrementAndGet();
              started.countDown();
              release.await();
              return "ready";
            });

    AtomicReference<Throwable> firstCallerSaw = new AtomicReference<>();
    Thread first =
        new Thread(
            () -> {
              try {
                once.get();
              } catch (Throwable t) {
                firstCallerSaw.set(t);
              }
            });
    first.start();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    first.interrupt(); // as Flink does to a cancelled task's threads
    first.join(10_000);
    assertThat(firstCallerSaw.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("interrupted while waiting for a slow initialisation");

    release.countDown();
    assertThat(once.get()).isEqualTo("ready");
    assertThat(once.get()).isEqualTo("ready");
    assertThat(runs).hasValue(1);
  }

  @Test
  void aFailedInitialisationSaysWhatFailedToEveryCaller() {
    InitialisedOnce<String> once =
        new InitialisedOnce<>(
            "loading a library",
            InitialisedOnceTest.class.getClassLoader(),
            () -> {
              throw new UnsatisfiedLinkError("no libnd4jcpu in java.library.path");
            });
    assertThatThrownBy(once::get)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("loading a library failed")
        .hasMessageContaining("libnd4jcpu");
    assertThatThrownBy(once::get).hasMessageContaining("loading a library failed");
  }

  @Test
  void theInitialisationRunsWithTheClassLoaderItWasGivenNotTheFirstCallers() throws Exception {
    ClassLoader defining = InitialisedOnceTest.class.getClassLoader();
    InitialisedOnce<ClassLoader> once =
        new InitialisedOnce<>(
            "reading the context class loader",
            defining,
            () -> Thread.currentThread().getContextClassLoader());
    // the first caller runs with a class loader of its own, as a Flink task runs with its job's
    ClassLoader jobs = new URLClassLoader(new URL[0], defining);
    AtomicReference<ClassLoader> seen = new AtomicReference<>();
    Thread caller = new Thread(() -> seen.set(once.get()));
    caller.setContextClassLoader(jobs);
    caller.start();
    caller.join(10_000);
    assertThat(seen.get()).isSameAs(defining);
  }
}
