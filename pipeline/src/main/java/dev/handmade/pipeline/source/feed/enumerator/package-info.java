/** The enumerator that hands the feed's one split to subtask 0, and its checkpointed state. */
package dev.handmade.pipeline.source.feed.enumerator;
