package dev.handmade.audit.provenance;

import dev.handmade.audit.provenance.FrameProvenance.AnswerView;
import dev.handmade.audit.provenance.FrameProvenance.DecisionView;
import dev.handmade.audit.provenance.FrameProvenance.LabelView;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.Decision;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.HumanProvenance;
import dev.handmade.schema.LabellerAnswer;
import dev.handmade.schema.MachineProvenance;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.SetAsideAnswer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Frame provenance from the audit log and the registry: the decision and feed entries by frame
 * id, and which versions were trained on each frame's label (a version lists the frames whose
 * human labels it was trained on directly; its descendants inherit them).
 */
public final class ProvenanceIndex {

  private final Map<String, Decision> decisions = new HashMap<>();
  private final Map<String, List<HumanLabel>> labels = new HashMap<>();
  private final Map<String, List<String>> trainedOn = new HashMap<>();
  private final Map<String, List<String>> children = new HashMap<>();
  private final Pseudonyms pseudonyms;

  private ProvenanceIndex(Pseudonyms pseudonyms) {
    this.pseudonyms = pseudonyms;
  }

  public static ProvenanceIndex of(
      List<AuditEvent> events, List<ModelVersion> versions, Pseudonyms pseudonyms) {
    ProvenanceIndex index = new ProvenanceIndex(pseudonyms);
    for (AuditEvent event : events) {
      if (event.getDecision() != null) {
        index.decisions.put(event.getDecision().getFrameId(), event.getDecision());
      }
      if (event.getLabel() != null) {
        index
            .labels
            .computeIfAbsent(event.getLabel().getFrameId(), k -> new ArrayList<>())
            .add(event.getLabel());
      }
    }
    for (ModelVersion version : versions) {
      for (String frameId : version.getTrainingFrameIds()) {
        index.trainedOn.computeIfAbsent(frameId, k -> new ArrayList<>()).add(version.getVersion());
      }
      if (version.getParent() != null) {
        index
            .children
            .computeIfAbsent(version.getParent(), k -> new ArrayList<>())
            .add(version.getVersion());
      }
    }
    return index;
  }

  /** Empty when the log holds neither a decision nor a label for the frame. */
  public Optional<FrameProvenance> lookup(String frameId) {
    Decision decision = decisions.get(frameId);
    List<HumanLabel> feed = labels.getOrDefault(frameId, List.of());
    if (decision == null && feed.isEmpty()) {
      return Optional.empty();
    }
    List<String> trained = trainedOn.getOrDefault(frameId, List.of());
    return Optional.of(
        new FrameProvenance(
            frameId,
            decision == null ? null : decisionView(decision),
            feed.stream().map(this::labelView).toList(),
            List.copyOf(trained),
            descendants(trained)));
  }

  private List<String> descendants(List<String> roots) {
    Set<String> found = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      for (String child : children.getOrDefault(todo.pop(), List.of())) {
        if (!roots.contains(child) && found.add(child)) {
          todo.add(child);
        }
      }
    }
    return List.copyOf(found);
  }

  private DecisionView decisionView(Decision d) {
    MachineProvenance m = d.getMachine();
    HumanProvenance h = d.getHuman();
    Prediction opinion = h == null ? null : h.getMachineOpinion();
    return new DecisionView(
        d.getMadeBy().name(),
        d.getRoute().name(),
        d.getLabel().name(),
        d.getDecidedAt(),
        d.getSource(),
        d.getVehicleId(),
        m == null ? null : m.getModelVersion(),
        m == null ? null : m.getConfidence(),
        m == null ? null : m.getThreshold(),
        h == null ? null : h.getTaskId(),
        h == null ? null : h.getAgreement(),
        h == null ? List.of() : h.getAnswers().stream().map(a -> answer(a, null)).toList(),
        opinion == null ? null : opinion.getPredicted().name(),
        opinion == null ? null : opinion.getModelVersion(),
        opinion == null ? null : opinion.getConfidence());
  }

  private LabelView labelView(HumanLabel l) {
    List<AnswerView> setAside = new ArrayList<>();
    for (SetAsideAnswer s : l.getSetAside()) {
      setAside.add(answer(s.getAnswer(), s.getReason()));
    }
    return new LabelView(
        l.getSequence(),
        l.getTaskId(),
        l.getKind().name(),
        l.getOutcome().name(),
        l.getLabel() == null ? null : l.getLabel().name(),
        l.getAgreement(),
        l.getVerifiedAt(),
        l.getAnswers().stream().map(a -> answer(a, null)).toList(),
        setAside);
  }

  private AnswerView answer(LabellerAnswer a, String setAsideReason) {
    return new AnswerView(
        pseudonyms.of(a.getLabellerId()),
        a.getAnswer() == null ? null : a.getAnswer().name(),
        a.getActiveMillis() / 1000.0,
        a.getPayCents(),
        a.getCurrency(),
        a.getAnsweredAt(),
        setAsideReason);
  }
}
