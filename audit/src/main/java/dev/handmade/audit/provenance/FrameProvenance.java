package dev.handmade.audit.provenance;

import java.time.Instant;
import java.util.List;

/**
 * Everything the audit log and the registry say about one frame: its final decision and who or
 * what made it, the people's work on it, and the model versions its label went on to train.
 * Labellers appear under pseudonyms.
 */
public record FrameProvenance(
    String frameId,
    /** Null when the log has labels for the frame but no decision yet. */
    DecisionView decision,
    /** Every feed entry about the frame (an audit sample has one although the machine decided). */
    List<LabelView> labels,
    /** Versions trained on this frame's human label directly. */
    List<String> trainedVersions,
    /** Versions that descend from those, and so carry the label on. */
    List<String> inheritedBy) {

  public record DecisionView(
      String madeBy,
      String route,
      String label,
      Instant decidedAt,
      String source,
      String vehicleId,
      /** The machine's side: set when the machine decided. */
      String modelVersion,
      Float confidence,
      Float threshold,
      /** The people's side: set when people answered before the decision. */
      String taskId,
      Float agreement,
      List<AnswerView> answers,
      /** What the model thought of a frame people decided, when there was a model. */
      String machineOpinion,
      String machineOpinionVersion,
      Float machineOpinionConfidence) {}

  public record LabelView(
      long sequence,
      String taskId,
      String kind,
      String outcome,
      String label,
      float agreement,
      Instant verifiedAt,
      List<AnswerView> answers,
      List<AnswerView> setAside) {}

  /** One labeller's answer; {@code answer} is null for "can't tell". */
  public record AnswerView(
      String labeller,
      String answer,
      double activeSeconds,
      long payCents,
      String currency,
      Instant answeredAt,
      String setAsideReason) {}
}
