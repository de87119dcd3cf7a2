package dev.handmade.labelling.api;

import java.util.List;

/** A page of the feed; {@code next} is the cursor to pass as {@code after} for the following page. */
public record FeedPage(List<FeedEntry> entries, long next) {
}
