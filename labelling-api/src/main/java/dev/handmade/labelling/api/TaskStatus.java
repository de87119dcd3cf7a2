package dev.handmade.labelling.api;

import dev.handmade.schema.TaskKind;
import java.util.List;

/** A task's state for the pipeline, admins and auditors. */
public record TaskStatus(
    String taskId,
    String frameId,
    TaskKind kind,
    double priority,
    int requiredLabels,
    String state,
    int countedAnswers,
    List<AnswerInfo> answers) {
  public record AnswerInfo(
      String labellerId,
      String answer,
      boolean counted,
      String setAsideReason,
      long activeMillis) {}
}
