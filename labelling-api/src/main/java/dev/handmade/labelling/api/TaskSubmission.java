package dev.handmade.labelling.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.TaskKind;

/**
 * One task as the pipeline sends it; mirrors the Avro LabelTask. The frame comes inline or as
 * {@code frameUri}. Boxed types let validation tell a missing field from a zero.
 */
public record TaskSubmission(
    String taskId,
    String frameId,
    TaskKind kind,
    Double priority,
    Integer requiredLabels,
    ObjectClass goldAnswer,
    JsonNode machineOpinion,
    FrameData frame,
    String frameUri) {}
