package dev.handmade.model.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The strategies the experiment knows, by name. */
public final class Strategies {

  private Strategies() {}

  /** Every strategy, random first: it is the baseline the others are measured against. */
  public static List<SelectionStrategy> all() {
    return List.of(
        new RandomSampling(),
        UncertaintySampling.leastConfidence(),
        UncertaintySampling.margin(),
        UncertaintySampling.entropy(),
        new BaldSampling(),
        new BadgeSampling());
  }

  public static List<String> names() {
    return all().stream().map(SelectionStrategy::name).toList();
  }

  /**
   * The strategies with these names, in the order given, without repeats.
   *
   * @throws IllegalArgumentException naming the unknown names and the known ones
   */
  public static List<SelectionStrategy> byNames(List<String> names) {
    Map<String, SelectionStrategy> known = new LinkedHashMap<>();
    all().forEach(s -> known.put(s.name(), s));
    List<SelectionStrategy> out = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      SelectionStrategy s = known.get(name.trim());
      if (s == null) {
        unknown.add(name);
      } else if (!out.contains(s)) {
        out.add(s);
      }
    }
    if (!unknown.isEmpty() || out.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown strategies " + unknown + "; known: " + String.join(", ", known.keySet()));
    }
    return out;
  }
}
