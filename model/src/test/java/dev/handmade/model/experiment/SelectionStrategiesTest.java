package dev.handmade.model.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SelectionStrategiesTest {

  /** Four classes are enough to tell the measures apart; the strategies do not care how many there are. */
  private static final float[][] POOL = {
    {0.97f, 0.01f, 0.01f, 0.01f}, // 0: sure
    {0.40f, 0.38f, 0.11f, 0.11f}, // 1: two classes compete: smallest margin
    {0.34f, 0.22f, 0.22f, 0.22f}, // 2: least confident, spread over all: highest entropy
    {0.60f, 0.30f, 0.05f, 0.05f}, // 3: in between
    {0.90f, 0.05f, 0.03f, 0.02f}, // 4: sure
  };

  private static ScoredPool pool() {
    return new ScoredPool(POOL.length, POOL, null, null);
  }

  @Test
  void leastConfidencePicksTheLowestTopProbability() {
    assertArrayEquals(
        new int[] {2, 1, 3},
        UncertaintySampling.leastConfidence().select(pool(), 3, new SplittableRandom(1)));
  }

  @Test
  void marginPicksTheClosestTwoClasses() {
    // frame 1 (margin 0.02) before frame 2 (0.12), unlike least confidence
    assertArrayEquals(
        new int[] {1, 2}, UncertaintySampling.margin().select(pool(), 2, new SplittableRandom(1)));
  }

  @Test
  void entropyPicksTheMostSpreadOut() {
    assertArrayEquals(
        new int[] {2, 1, 3, 4, 0},
        UncertaintySampling.entropy().select(pool(), 5, new SplittableRandom(1)));
  }

  @Test
  void baldPicksTheHighestMutualInformationWhateverTheConfidence() {
    float[] mi = {0.30f, 0.01f, 0.02f, 0.10f, 0.20f};
    ScoredPool scored = new ScoredPool(POOL.length, POOL, mi, null);
    assertArrayEquals(
        new int[] {0, 4}, new BaldSampling().select(scored, 2, new SplittableRandom(1)));
    assertThrows(
        IllegalStateException.class,
        () -> new BaldSampling().select(pool(), 2, new SplittableRandom(1)));
  }

  @Test
  void askingForMoreThanThePoolGivesThePool() {
    int[] all = UncertaintySampling.entropy().select(pool(), 50, new SplittableRandom(1));
    assertEquals(POOL.length, all.length);
    assertEquals(POOL.length, Arrays.stream(all).distinct().count());
  }

  @Test
  void randomIsReproducibleBySeedDistinctAndCoversThePool() {
    ScoredPool pool = ScoredPool.unscored(1000);
    int[] a = new RandomSampling().select(pool, 50, new SplittableRandom(7));
    int[] b = new RandomSampling().select(pool, 50, new SplittableRandom(7));
    int[] c = new RandomSampling().select(pool, 50, new SplittableRandom(8));
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
    assertEquals(50, Arrays.stream(a).distinct().count());
    assertTrue(Arrays.stream(a).allMatch(i -> i >= 0 && i < 1000));
    // uniform: over many draws of 10 from 20 every frame is picked about half the time
    int[] picked = new int[20];
    SplittableRandom random = new SplittableRandom(3);
    for (int draw = 0; draw < 4000; draw++) {
      for (int i : new RandomSampling().select(ScoredPool.unscored(20), 10, random)) {
        picked[i]++;
      }
    }
    assertTrue(Arrays.stream(picked).allMatch(n -> n > 1800 && n < 2200), Arrays.toString(picked));
  }

  @Test
  void badgeStartsWithTheLongestGradientAndSkipsNearCopies() {
    // frames 0-5 are one uncertain frame six times over; 6 and 7 are less uncertain but unlike it
    // and each other
    float[][] p = new float[8][];
    float[][] h = new float[8][];
    for (int i = 0; i < 6; i++) {
      p[i] = new float[] {0.4f, 0.35f, 0.25f};
      h[i] = new float[] {1, 0, 0};
    }
    p[6] = new float[] {0.7f, 0.2f, 0.1f};
    h[6] = new float[] {0, 1, 0};
    p[7] = new float[] {0.2f, 0.7f, 0.1f};
    h[7] = new float[] {0, 0, 1};
    ScoredPool scored = new ScoredPool(8, p, null, h);
    for (long seed = 0; seed < 20; seed++) {
      int[] batch = new BadgeSampling().select(scored, 3, new SplittableRandom(seed));
      assertEquals(0, batch[0], "the first pick is the longest gradient, the first of the ties");
      long copies = Arrays.stream(batch).filter(i -> i < 6).count();
      assertEquals(
          1,
          copies,
          "a batch of 3 takes one of the six copies and both distinct frames: "
              + Arrays.toString(batch));
    }
    // entropy alone would take three copies
    assertTrue(
        IntStream.of(UncertaintySampling.entropy().select(scored, 3, new SplittableRandom(0)))
            .allMatch(i -> i < 6));
  }

  @Test
  void badgeFillsABatchEvenWhenEveryFrameIsTheSame() {
    float[][] p = new float[5][];
    float[][] h = new float[5][];
    for (int i = 0; i < 5; i++) {
      p[i] = new float[] {0.5f, 0.5f};
      h[i] = new float[] {1, 1};
    }
    int[] batch =
        new BadgeSampling().select(new ScoredPool(5, p, null, h), 4, new SplittableRandom(2));
    assertEquals(4, Arrays.stream(batch).distinct().count());
  }

  @Test
  void strategiesAreFoundByNameAndUnknownNamesAreListed() {
    assertEquals(
        List.of("entropy", "random"),
        Strategies.byNames(List.of("entropy", "random", "entropy")).stream()
            .map(SelectionStrategy::name)
            .toList());
    assertEquals(6, Strategies.all().size());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Strategies.byNames(List.of("entropy", "coreset")));
    assertTrue(
        e.getMessage().contains("coreset") && e.getMessage().contains("badge"), e.getMessage());
  }

  @Test
  void aPoolWhoseRowsDoNotMatchItsSizeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ScoredPool(3, POOL, null, null));
  }
}
