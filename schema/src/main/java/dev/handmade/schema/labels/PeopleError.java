package dev.handmade.schema.labels;

import dev.handmade.schema.stats.WilsonInterval;
import java.util.List;

/**
 * How likely a label people verified is wrong: the one error model that the model's confidence
 * threshold and the audit report's accuracy both use. It lives beside the records it reads
 * ({@code HumanLabel}, {@code TrainingExample}) because both sides depend on the schema and
 * neither may depend on the other (the audit module must not pull in DL4J).
 *
 * <p>The model: people answer independently of each other given the true class; labeller
 * {@code i} is right with probability {@code a_i}, and when wrong picks any of the other
 * {@code K - 1} classes alike. Two ways to use it:
 *
 * <ul>
 *   <li>Without a measure of each person: {@link #personErrorBound} bounds one person's error
 *       rate {@code p} by the answers that disagreed with the verified label, and a label
 *       {@code j} people agreed on is wrong with probability at most {@code p^j}
 *       ({@link #agreedLabelWrongBound}): all of them would have had to err.
 *   <li>With each person's accuracy on gold tasks: {@link #labelWrong} is the posterior chance
 *       that the verified class is not the true one, given every answer, with every class
 *       equally likely beforehand.
 * </ul>
 */
public final class PeopleError {

  /** Accuracies are kept off 0 and 1: a labeller measured perfect still leaves a label some doubt. */
  private static final double MARGIN = 1e-9;

  private PeopleError() {}

  /**
   * Upper end of the Wilson score interval (with normal quantile {@code z}) of one person's error
   * rate: {@code disagreeing} of {@code answers} given on frames two or more people labelled
   * disagreed with the verified label; 1 when there are no such answers (nothing bounds it).
   */
  public static double personErrorBound(long answers, long disagreeing, double z) {
    if (answers == 0) {
      return 1;
    }
    if (disagreeing < 0 || disagreeing > answers) {
      throw new IllegalArgumentException(disagreeing + " disagreeing of " + answers + " answers");
    }
    return WilsonInterval.upper((double) disagreeing / answers, answers, z);
  }

  /**
   * At most {@code personError^j} for a label {@code j} people agreed on; a label with no
   * agreeing answer counts as one person's.
   */
  public static double agreedLabelWrongBound(double personError, int agreeing) {
    return Math.pow(personError, Math.max(1, agreeing));
  }

  /**
   * The chance that the verified class is wrong, given the gold accuracies of the people who
   * answered it ({@code agreeing}) and of those who answered each other class ({@code others},
   * one list per class answered), among {@code classes} classes.
   */
  public static double labelWrong(List<Double> agreeing, List<List<Double>> others, int classes) {
    if (classes < 2 || others.size() > classes - 1) {
      throw new IllegalArgumentException(others.size() + " other classes answered of " + classes);
    }
    // log-likelihood of each candidate true class: every answer given for it counts a_i, every
    // other answer (1 - a_i) / (K - 1); the classes nobody answered share one value
    double nobody = 0;
    for (double a : agreeing) {
      nobody += wrong(a, classes);
    }
    for (List<Double> group : others) {
      for (double a : group) {
        nobody += wrong(a, classes);
      }
    }
    double verified = nobody;
    for (double a : agreeing) {
      verified += right(a) - wrong(a, classes);
    }
    double[] other = new double[others.size()];
    for (int g = 0; g < others.size(); g++) {
      other[g] = nobody;
      for (double a : others.get(g)) {
        other[g] += right(a) - wrong(a, classes);
      }
    }
    // relative to the verified class, so that many confident answers cannot underflow to 0 / 0
    double rest = (classes - 1 - others.size()) * Math.exp(nobody - verified);
    for (double o : other) {
      rest += Math.exp(o - verified);
    }
    return rest / (1 + rest);
  }

  private static double right(double accuracy) {
    return Math.log(clamp(accuracy));
  }

  private static double wrong(double accuracy, int classes) {
    return Math.log((1 - clamp(accuracy)) / (classes - 1));
  }

  private static double clamp(double accuracy) {
    if (!(accuracy >= 0 && accuracy <= 1)) {
      throw new IllegalArgumentException("an accuracy must be in [0, 1], got " + accuracy);
    }
    return Math.max(MARGIN, Math.min(accuracy, 1 - MARGIN));
  }
}
