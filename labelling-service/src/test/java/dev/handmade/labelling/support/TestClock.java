package dev.handmade.labelling.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The real time moved on by as much as a test says, so that a test can let a day end. */
public final class TestClock extends Clock {

  private final AtomicReference<Duration> ahead;

  /** A clock that reads {@code start} now and runs on at the real pace. */
  public TestClock(Instant start) {
    this.ahead = new AtomicReference<>(Duration.between(Instant.now(), start));
  }

  public void advance(Duration by) {
    ahead.updateAndGet(d -> d.plus(by));
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(ahead.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException(
        "the service reads instants and applies its own pay time zone");
  }
}
