package dev.handmade.labelling.api;

import dev.handmade.schema.TaskKind;

/** A new piece rate, in force from now; {@code taskKind} null sets the rate for every kind without its own. */
public record PieceRateRequest(TaskKind taskKind, Long cents, String currency) {}
