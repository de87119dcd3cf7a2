package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.labelling.support.Api;
import dev.handmade.labelling.support.Frames;
import dev.handmade.labelling.support.RunningService;
import dev.handmade.testsupport.TestDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A reader that stores its cursor, and a service that restarts in between: the reader sees
 * every label exactly once, and pages read before the restart read the same after it.
 */
class FeedResumptionITCase {

  private static final int TASKS = 30;

  @Test
  void aReaderResumesFromItsCursorAcrossAServiceRestart() {
    try (TestDatabase db = new TestDatabase()) {
      List<JsonNode> read = new ArrayList<>();
      long cursor;
      String token;
      String firstPage;
      try (RunningService first = new RunningService(db, c -> {})) {
        Api api = first.api();
        api.intake(
            RunningService.PIPELINE,
            IntStream.range(0, TASKS)
                .mapToObj(i -> Frames.uncertain("resume-" + i, TASKS - i))
                .collect(Collectors.joining(",")));
        token = api.newAccount(RunningService.ADMIN, "resumer", "labeller");
        for (int i = 0; i < 10; i++) {
          QueueBehaviourITCase.answerTask(api, token, "resume-" + i, "cyclist");
        }
        JsonNode page = api.feed(RunningService.PIPELINE, 0, 6);
        page.get("entries").forEach(read::add);
        cursor = page.get("next").asLong();
        firstPage = page.get("entries").toString();
      }
      assertThat(read).hasSize(6);

      try (RunningService second = new RunningService(db, c -> {})) {
        Api api = second.api();
        for (int i = 10; i < TASKS; i++) {
          QueueBehaviourITCase.answerTask(api, token, "resume-" + i, "cyclist");
        }
        while (true) {
          JsonNode page = api.feed(RunningService.PIPELINE, cursor, 7);
          if (page.get("entries").isEmpty()) {
            assertThat(page.get("next").asLong()).isEqualTo(cursor);
            break;
          }
          page.get("entries").forEach(read::add);
          cursor = page.get("next").asLong();
        }
        assertThat(api.feed(RunningService.PIPELINE, 0, 6).get("entries").toString())
            .isEqualTo(firstPage);
      }

      Set<String> tasks = new HashSet<>();
      for (int i = 0; i < read.size(); i++) {
        assertThat(read.get(i).get("sequence").asLong()).isEqualTo(i + 1);
        assertThat(tasks.add(read.get(i).get("taskId").asText())).isTrue();
      }
      assertThat(tasks).hasSize(TASKS);
    }
  }
}
