package dev.handmade.model.classifier;

import dev.handmade.schema.TrainingExample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fixed-size, uniform sample of every example seen so far (reservoir sampling). Fine-tuning
 * mixes it with the new labels so the model learns the new frames without forgetting the old
 * ones (catastrophic forgetting is what plain fine-tuning on a few hundred hard frames does).
 */
public final class ReplayBuffer {

  private final int capacity;
  private final List<TrainingExample> examples;
  private final SplittableRandom random;
  private long seen;

  public ReplayBuffer(int capacity, long seed) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.examples = new ArrayList<>(Math.min(capacity, 4096));
    this.random = new SplittableRandom(seed);
  }

  public void add(TrainingExample example) {
    seen++;
    if (examples.size() < capacity) {
      examples.add(example);
    } else {
      long slot = random.nextLong(seen);
      if (slot < capacity) {
        examples.set((int) slot, example);
      }
    }
  }

  public void addAll(List<TrainingExample> batch) {
    batch.forEach(this::add);
  }

  /** Up to {@code count} distinct examples drawn uniformly from the buffer. */
  public List<TrainingExample> sample(int count) {
    int n = Math.min(count, examples.size());
    List<TrainingExample> copy = new ArrayList<>(examples);
    for (int i = 0; i < n; i++) {
      int j = i + random.nextInt(copy.size() - i);
      TrainingExample t = copy.get(i);
      copy.set(i, copy.get(j));
      copy.set(j, t);
    }
    return new ArrayList<>(copy.subList(0, n));
  }

  /** The examples held now, in no particular order; what a checkpoint of the buffer stores. */
  public List<TrainingExample> examples() {
    return List.copyOf(examples);
  }

  public int size() {
    return examples.size();
  }

  /** How many examples were ever added, including those the reservoir has since let go. */
  public long seen() {
    return seen;
  }
}
