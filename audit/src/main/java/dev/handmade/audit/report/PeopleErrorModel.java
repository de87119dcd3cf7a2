package dev.handmade.audit.report;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.handmade.audit.report.LabourInput.LabellerGold;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabellerAnswer;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.labels.PeopleError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chance that a verified label is wrong, by {@link PeopleError}'s model: from the gold
 * accuracies of the people who answered it, where every one of them has a gold record, and
 * otherwise from the bound on one person's error that the log's own disagreements give. A
 * labeller's accuracy is the mean of its posterior under a uniform prior,
 * {@code (correct + 1) / (gold answers + 2)}: for a label one person gave, the chance it is wrong
 * is then exactly the expected one given their gold record, and a short record cannot make a
 * labeller look perfect.
 */
final class PeopleErrorModel {

  private static final int CLASSES = ObjectClass.values().length;

  private final Map<String, Double> goldAccuracy;
  private final double personErrorBound;

  private PeopleErrorModel(Map<String, Double> goldAccuracy, double personErrorBound) {
    this.goldAccuracy = goldAccuracy;
    this.personErrorBound = personErrorBound;
  }

  static PeopleErrorModel of(
      List<LabellerGold> gold, Disagreement disagreement, Pseudonyms pseudonyms) {
    Map<String, Double> accuracy = new HashMap<>();
    for (LabellerGold g : gold) {
      if (g.goldAnswers() > 0) {
        accuracy.put(
            pseudonyms.of(g.labellerId()), (g.goldCorrect() + 1.0) / (g.goldAnswers() + 2.0));
      }
    }
    return new PeopleErrorModel(
        accuracy,
        PeopleError.personErrorBound(disagreement.answers, disagreement.disagreeing, Wilson.Z95));
  }

  int labellersWithGold() {
    return goldAccuracy.size();
  }

  /** Upper end of the 95% interval of one person's error rate; 1 when nothing bounds it. */
  double personErrorBound() {
    return personErrorBound;
  }

  /** Whether every labeller who answered has a gold record, so that the label is priced by it. */
  boolean byGold(Consensus consensus) {
    List<String> labellers = consensus.labellers();
    return !labellers.isEmpty() && goldAccuracy.keySet().containsAll(labellers);
  }

  double labelWrong(Consensus consensus) {
    if (!byGold(consensus)) {
      return PeopleError.agreedLabelWrongBound(personErrorBound, consensus.agreeing().size());
    }
    List<List<Double>> others = new ArrayList<>();
    consensus.others().forEach(group -> others.add(accuracies(group)));
    return PeopleError.labelWrong(accuracies(consensus.agreeing()), others, CLASSES);
  }

  private List<Double> accuracies(List<String> labellers) {
    return labellers.stream().map(goldAccuracy::get).toList();
  }

  /**
   * Answers that disagreed with the verified label, over verified labels that two or more people
   * answered: the evidence for one person's error rate when gold records are missing. Counted
   * label by label, as the model's threshold counts them on its training examples.
   */
  @JsonAutoDetect(
      fieldVisibility = Visibility.ANY,
      getterVisibility = Visibility.NONE,
      isGetterVisibility = Visibility.NONE)
  static final class Disagreement {
    private long answers;
    private long disagreeing;

    void add(HumanLabel label) {
      if (label.getOutcome() != LabelOutcome.VERIFIED || label.getLabel() == null) {
        return;
      }
      List<LabellerAnswer> given =
          label.getAnswers().stream().filter(a -> a.getAnswer() != null).toList();
      if (given.size() < 2) {
        return;
      }
      answers += given.size();
      disagreeing += given.stream().filter(a -> a.getAnswer() != label.getLabel()).count();
    }
  }
}
