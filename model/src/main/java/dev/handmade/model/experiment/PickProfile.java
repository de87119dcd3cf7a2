package dev.handmade.model.experiment;

import dev.handmade.schema.CaptureConditions;
import dev.handmade.schema.Lighting;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.TrainingExample;
import dev.handmade.schema.Weather;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the frames a strategy picked in one round were like: measured, so that the experiment can
 * say why a strategy saves labels or does not, instead of guessing.
 *
 * @param wrongBefore share of the picks the model got wrong before people labelled them: how
 *     uncertain-and-wrong the strategy's choice was
 * @param wrongAfter share still wrong after the model was fine-tuned on them with their labels:
 *     frames that stay wrong teach little (far, occluded, ambiguous)
 * @param meanRange mean distance to the object, metres
 * @param meanOcclusion mean share of the object hidden, 0..1
 * @param adverseShare share taken at night or in rain or fog
 * @param topClassShare share of the most common true class among the picks: 1 when a batch is all
 *     one class
 */
public record PickProfile(
    double wrongBefore,
    double wrongAfter,
    double meanRange,
    double meanOcclusion,
    double adverseShare,
    double topClassShare) {

  /** No picks: the last round, after which nothing is labelled. */
  public static final PickProfile NONE =
      new PickProfile(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /**
   * @param picks the frames picked, with their labels
   * @param before the model's predictions on them before it learnt their labels
   * @param after its predictions on them after
   */
  public static PickProfile of(
      List<TrainingExample> picks, List<Prediction> before, List<Prediction> after) {
    if (picks.isEmpty()) {
      return NONE;
    }
    if (before.size() != picks.size() || after.size() != picks.size()) {
      throw new IllegalArgumentException(
          picks.size() + " picks but " + before.size() + " and " + after.size() + " predictions");
    }
    int n = picks.size();
    double wrongBefore = 0;
    double wrongAfter = 0;
    double range = 0;
    double occlusion = 0;
    double adverse = 0;
    Map<ObjectClass, Integer> classes = new EnumMap<>(ObjectClass.class);
    for (int i = 0; i < n; i++) {
      TrainingExample e = picks.get(i);
      wrongBefore += before.get(i).getPredicted() != e.getLabel() ? 1 : 0;
      wrongAfter += after.get(i).getPredicted() != e.getLabel() ? 1 : 0;
      CaptureConditions c = e.getFrame().getConditions();
      range += c.getRangeMeters();
      occlusion += c.getOcclusion();
      adverse += c.getLighting() == Lighting.NIGHT || c.getWeather() != Weather.CLEAR ? 1 : 0;
      classes.merge(e.getLabel(), 1, Integer::sum);
    }
    int top = classes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    return new PickProfile(
        wrongBefore / n, wrongAfter / n, range / n, occlusion / n, adverse / n, (double) top / n);
  }

  /** Each figure averaged over {@code profiles}; {@link #NONE} when there are none. */
  public static PickProfile mean(List<PickProfile> profiles) {
    if (profiles.isEmpty()) {
      return NONE;
    }
    double[] sum = new double[6];
    for (PickProfile p : profiles) {
      double[] v = {
        p.wrongBefore, p.wrongAfter, p.meanRange, p.meanOcclusion, p.adverseShare, p.topClassShare
      };
      for (int i = 0; i < sum.length; i++) {
        sum[i] += v[i] / profiles.size();
      }
    }
    return new PickProfile(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5]);
  }

  public boolean isNone() {
    return Double.isNaN(wrongBefore);
  }
}
