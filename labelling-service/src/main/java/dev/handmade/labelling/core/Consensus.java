package dev.handmade.labelling.core;

import dev.handmade.labelling.api.Wire;
import dev.handmade.schema.ObjectClass;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Majority of k with escalation. A label is verified when more than half of the counted answers
 * name it; "can't tell" counts as an answer but votes for nothing, so a lone "can't tell" escalates.
 * Without a majority the task asks for {@code escalationStep} more labellers, up to
 * {@code maxLabels}; past that it ends unresolved, with the tally as its reason.
 */
public record Consensus(int escalationStep, int maxLabels) {

  public sealed interface Outcome {}

  /** Fewer counted answers than required: keep leasing. */
  public record Waiting() implements Outcome {}

  public record Verified(ObjectClass label, float agreement) implements Outcome {}

  public record Escalate(int requiredLabels, String tally) implements Outcome {}

  public record Unresolved(String reason) implements Outcome {}

  /** @param answers the counted answers so far; null is "can't tell" */
  public Outcome decide(List<ObjectClass> answers, int requiredLabels) {
    if (answers.size() < requiredLabels) {
      return new Waiting();
    }
    Map<ObjectClass, Integer> votes = new EnumMap<>(ObjectClass.class);
    answers.stream().filter(Objects::nonNull).forEach(c -> votes.merge(c, 1, Integer::sum));
    var top = votes.entrySet().stream().max(Map.Entry.comparingByValue());
    if (top.isPresent() && top.get().getValue() * 2 > answers.size()) {
      return new Verified(top.get().getKey(), (float) top.get().getValue() / answers.size());
    }
    String tally = tally(answers, votes);
    if (requiredLabels >= maxLabels) {
      return new Unresolved("no majority after " + answers.size() + " labels: " + tally);
    }
    return new Escalate(Math.min(maxLabels, requiredLabels + escalationStep), tally);
  }

  private static String tally(List<ObjectClass> answers, Map<ObjectClass, Integer> votes) {
    long cantTell = answers.stream().filter(Objects::isNull).count();
    String counted =
        votes.entrySet().stream()
            .map(e -> Wire.name(e.getKey()) + "=" + e.getValue())
            .collect(Collectors.joining(", "));
    if (cantTell > 0) {
      counted = counted.isEmpty() ? "cant_tell=" + cantTell : counted + ", cant_tell=" + cantTell;
    }
    return counted;
  }
}
