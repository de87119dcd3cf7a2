package dev.handmade.pipeline.source.feed.enumerator;

import dev.handmade.pipeline.source.feed.split.FeedSplit;

/**
 * What the enumerator checkpoints: the feed split when no reader holds it (before the first
 * assignment, or after a failed reader handed it back), else nothing, since the reader's own
 * state then holds the cursor.
 *
 * @param unassigned the split waiting for subtask 0, or null
 */
public record FeedEnumeratorState(FeedSplit unassigned) {}
