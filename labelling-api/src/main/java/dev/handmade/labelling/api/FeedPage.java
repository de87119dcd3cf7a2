package dev.handmade.labelling.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A page of the feed; {@code next} is the cursor to pass as {@code after} for the following page. */
public record FeedPage(
    @JsonProperty(required = true) List<FeedEntry> entries,
    @JsonProperty(required = true) long next) {}
