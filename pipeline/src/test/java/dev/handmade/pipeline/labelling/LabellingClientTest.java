package dev.handmade.pipeline.labelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.pipeline.support.TestTasks;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The client without a service: what it does when nobody answers. */
class LabellingClientTest {

  @Test
  void anUnreachableServiceFailsNamingTheUrlAfterEveryAttempt() throws Exception {
    String url = "http://127.0.0.1:" + freePort();
    List<Integer> retried = new CopyOnWriteArrayList<>();
    LabellingServiceConfig config =
        LabellingServiceConfig.builder()
            .baseUrl(url)
            .token("pipeline-token-0123456789")
            .requestTimeout(Duration.ofSeconds(2))
            .maxAttempts(3)
            .initialBackoff(Duration.ofMillis(10))
            .build();

    try (LabellingClient client =
        new LabellingClient(config, (request, attempt, problem) -> retried.add(attempt))) {
      assertThatThrownBy(() -> client.submit(List.of(TestTasks.uncertain("f-1"))))
          .isInstanceOfSatisfying(
              LabellingServiceException.class,
              e -> {
                assertThat(e.url()).isEqualTo(url + "/api/tasks");
                assertThat(e.status()).isZero();
                assertThat(e.refused()).isFalse();
              })
          .hasMessageContaining("labelling service at " + url + "/api/tasks")
          .hasMessageContaining("intake of task 'f-1'")
          .hasMessageContaining("after 3 attempts")
          .hasMessageContaining("ConnectException");
      assertThat(retried).containsExactly(1, 2);

      retried.clear();
      assertThatThrownBy(() -> client.feed(0, 10))
          .hasMessageContaining(url + "/api/feed?after=0&limit=10")
          .hasMessageContaining("after 3 attempts");
      assertThat(retried).containsExactly(1, 2);
    }
  }

  @Test
  void aFeedRequestOutsideTheServiceLimitsIsRefusedBeforeSending() {
    LabellingServiceConfig config =
        LabellingServiceConfig.builder()
            .baseUrl("http://127.0.0.1:1")
            .token("pipeline-token-0123456789")
            .build();
    try (LabellingClient client = new LabellingClient(config)) {
      assertThatThrownBy(() -> client.feed(0, 1001)).hasMessageContaining("limit must be 1..1000");
      assertThatThrownBy(() -> client.feed(-1, 10)).hasMessageContaining("after must be 0 or more");
    }
  }

  /** A port that was free a moment ago; nothing listens on it now. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
