package dev.handmade.audit.report;

import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabellerAnswer;
import dev.handmade.schema.ObjectClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Who answered what on a verified label, as far as the chance of it being wrong depends on it:
 * the labellers who answered the verified class, and those who answered each other
 * class; which other classes they were does not matter. Audit samples with the same pattern are
 * counted together, so that the patterns can be priced with the labellers' gold record when the
 * report is made. "Can't tell" answers say nothing about the class and are left out.
 */
record Consensus(List<String> agreeing, List<List<String>> others) {

  Consensus {
    agreeing = List.copyOf(agreeing);
    others = others.stream().map(List::copyOf).toList();
  }

  /** Who answered what, by the labellers' ids in the log. */
  static Consensus of(HumanLabel label) {
    List<String> agreeing = new ArrayList<>();
    Map<ObjectClass, List<String>> byClass = new EnumMap<>(ObjectClass.class);
    for (LabellerAnswer a : label.getAnswers()) {
      if (a.getAnswer() == null) {
        continue;
      }
      String who = a.getLabellerId();
      if (a.getAnswer() == label.getLabel()) {
        agreeing.add(who);
      } else {
        byClass.computeIfAbsent(a.getAnswer(), c -> new ArrayList<>()).add(who);
      }
    }
    agreeing.sort(null);
    List<List<String>> others = new ArrayList<>();
    for (List<String> group : byClass.values()) {
      group.sort(null);
      others.add(group);
    }
    others.sort(Comparator.comparing(List::toString));
    return new Consensus(agreeing, others);
  }

  /** The same pattern with every labeller under {@code pseudonyms}, as gold records are keyed. */
  Consensus under(Pseudonyms pseudonyms) {
    List<List<String>> renamed =
        others.stream().map(group -> group.stream().map(pseudonyms::of).sorted().toList()).toList();
    List<List<String>> sorted = new ArrayList<>(renamed);
    sorted.sort(Comparator.comparing(List::toString));
    return new Consensus(agreeing.stream().map(pseudonyms::of).sorted().toList(), sorted);
  }

  /** Every labeller who answered a class, agreeing or not. */
  List<String> labellers() {
    List<String> all = new ArrayList<>(agreeing);
    others.forEach(all::addAll);
    return all;
  }
}
