package dev.handmade.pipeline.labelling;

import dev.handmade.schema.HumanLabel;
import java.util.List;

/**
 * One page of the service's label feed.
 *
 * @param labels in strictly increasing {@code sequence}
 * @param next the cursor to pass as {@code after} for the following page; the last label's
 *     sequence, or the requested cursor when the page is empty
 */
public record FeedPage(List<HumanLabel> labels, long next) {

  public FeedPage {
    labels = List.copyOf(labels);
  }
}
