/**
 * Verified labels from the labelling service's feed, read in order and exactly once: {@link
 * FeedSource}, laid out by FLIP-27 role in {@code enumerator}, {@code reader} and {@code split}.
 */
package dev.handmade.pipeline.source.feed;
