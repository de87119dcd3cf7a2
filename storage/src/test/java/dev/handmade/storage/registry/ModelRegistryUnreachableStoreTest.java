package dev.handmade.storage.registry;

import static dev.handmade.storage.registry.Drafts.draft;
import static dev.handmade.storage.registry.Drafts.modelBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreUnavailableException;
import dev.handmade.storage.UnreachableEndpoints;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** A registry whose store is down says so, naming the endpoint, and fails in seconds. */
class ModelRegistryUnreachableStoreTest {

  @Test
  void everyOperationNamesTheEndpoint() {
    String endpoint = UnreachableEndpoints.closedPort();
    try (ObjectStore store =
        ObjectStore.builder()
            .endpoint(endpoint)
            .accessKey("trainer")
            .secretKey("secret")
            .bucket("handmade")
            .connectTimeout(Duration.ofSeconds(2))
            .build()) {
      ModelRegistry registry = new ModelRegistry(store);
      long start = System.nanoTime();

      assertUnavailable(() -> registry.publish(draft(null, "one"), modelBytes(10, 1)), endpoint);
      assertUnavailable(registry::list, endpoint);
      assertUnavailable(registry::latest, endpoint);
      assertUnavailable(() -> registry.load("v1"), endpoint);
      assertUnavailable(registry::loadDeployed, endpoint);
      assertUnavailable(() -> registry.deploy("v1"), endpoint);
      assertUnavailable(registry::rollback, endpoint);

      // the client's own timeouts are five minutes; a minute leaves room for a loaded machine
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    }
  }

  private static void assertUnavailable(ThrowingCallable call, String endpoint) {
    assertThatThrownBy(call)
        .isInstanceOf(ObjectStoreUnavailableException.class)
        .hasMessageContaining(endpoint);
  }
}
