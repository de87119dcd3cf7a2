package dev.handmade.pipeline.training;

import dev.handmade.pipeline.util.StableHash;
import dev.handmade.schema.Route;
import dev.handmade.schema.TrainingExample;
import java.io.Serializable;

/**
 * Which verified frames are evidence (they set and check a candidate's threshold and gate, and
 * are never trained on) and which are training examples. The router and the trainer both ask
 * this one place, so that the router can ask more people to label the frames whose labels will
 * be evidence: a threshold can only promise accuracy against the truth if the labels it is
 * measured against are themselves nearly always right.
 *
 * <p>Every audit sample is evidence: it is the only unbiased view of what the machine decides
 * alone, and training on it would teach little (the model was already sure). Of the other
 * frames, a fixed share chosen by hashing the frame id is evidence, so a replay after a
 * failure splits them the same way.
 *
 * @param holdOutPercent share of the frames people label because of the model's doubt (or for
 *     want of a model) that is kept as evidence
 * @param evidenceLabels how many people must label an evidence frame (the service's consensus
 *     then needs them to agree)
 */
public record EvidenceSplit(int holdOutPercent, int evidenceLabels) implements Serializable {

  public EvidenceSplit {
    if (holdOutPercent < 1 || holdOutPercent > 90) {
      throw new IllegalArgumentException(
          "hold-out percent must be in 1..90, got " + holdOutPercent);
    }
    if (evidenceLabels < 1) {
      throw new IllegalArgumentException(
          "evidence labels must be at least 1, got " + evidenceLabels);
    }
  }

  public boolean isEvidence(String frameId, Route route) {
    return route == Route.AUDIT_SAMPLE || StableHash.bucket(frameId, 100) < holdOutPercent;
  }

  /**
   * The chance that a verified frame of this route is kept as evidence: 1 for an audit sample,
   * the hold-out share for the others. Evidence is weighted by the inverse of the chance of being
   * in it, which is this times the chance of having reached people: without this factor, once
   * the machine decides, the frames people saw for the model's doubt would count five times too
   * little against the audit samples, and the accuracy above a threshold would lean to the
   * confident frames the machine gets right.
   */
  public double evidenceChance(Route route) {
    return route == Route.AUDIT_SAMPLE ? 1.0 : holdOutPercent / 100.0;
  }

  /** The frame as evidence: its inclusion probability becomes its chance of being in the evidence. */
  public TrainingExample asEvidence(TrainingExample example) {
    return TrainingExample.newBuilder(example)
        .setInclusionProbability(
            example.getInclusionProbability() * evidenceChance(example.getRoute()))
        .build();
  }

  /** How many people a task for this frame needs. */
  public int requiredLabels(String frameId, Route route) {
    return isEvidence(frameId, route) ? evidenceLabels : 1;
  }
}
