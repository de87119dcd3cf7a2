package dev.handmade.labelling.api;

import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.TaskKind;

import java.util.List;

/**
 * One line of the feed: a HumanLabel (sequence, taskId, frameId, kind, label, answers,
 * agreement, verifiedAt) plus what the pipeline needs so that no acknowledged answer is lost:
 * the outcome ("verified", or "unresolved" with no label and a reason) and the answers that
 * were set aside, each with its reason.
 */
public record FeedEntry(
        long sequence,
        String outcome,
        String taskId,
        String frameId,
        TaskKind kind,
        ObjectClass label,
        List<Answer> answers,
        float agreement,
        long verifiedAt,
        String reason,
        List<SetAside> setAside) {

    /** Mirrors the Avro LabellerAnswer; answer null is "can't tell". */
    public record Answer(String labellerId, ObjectClass answer, long activeMillis, long payCents, String currency,
                         long answeredAt) {
    }

    public record SetAside(String labellerId, ObjectClass answer, long activeMillis, long payCents, String currency,
                           long answeredAt, String reason) {
    }
}
