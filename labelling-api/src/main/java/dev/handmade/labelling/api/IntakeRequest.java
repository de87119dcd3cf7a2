package dev.handmade.labelling.api;

import java.util.List;

/** A batch of tasks from the pipeline. */
public record IntakeRequest(List<TaskSubmission> tasks) {}
