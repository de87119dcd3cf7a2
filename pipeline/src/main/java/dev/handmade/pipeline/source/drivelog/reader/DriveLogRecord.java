package dev.handmade.pipeline.source.drivelog.reader;

import dev.handmade.pipeline.source.IngestedFrame;

/**
 * What the split reader hands the emitter: the value, and the split offset once it is emitted.
 */
public record DriveLogRecord(IngestedFrame value, long nextOffset) {}
