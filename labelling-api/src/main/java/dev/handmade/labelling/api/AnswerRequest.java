package dev.handmade.labelling.api;

import dev.handmade.schema.ObjectClass;

/** A labeller's answer to a lease; {@code answer} null is "can't tell". */
public record AnswerRequest(ObjectClass answer, long activeMillis) {}
