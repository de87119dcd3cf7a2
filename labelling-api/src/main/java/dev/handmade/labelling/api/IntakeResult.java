package dev.handmade.labelling.api;

import java.util.List;

/** What intake did with each task of a batch: "created", or "existing" when its frame was already known. */
public record IntakeResult(int created, int existing, List<Item> tasks) {
  public record Item(String taskId, String frameId, String status) {}
}
