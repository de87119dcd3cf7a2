package dev.handmade.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What needs no server: building, configuration, and failing fast when there is no server. */
class ObjectStoreTest {

  /**
   * Far below the client's own five-minute timeouts, far above the half second these calls
   * take: the first call of a JVM loads the HTTP stack, which takes seconds on a busy machine.
   */
  private static final Duration FAST = Duration.ofSeconds(60);

  @Test
  void buildNamesEveryMissingArgument() {
    assertThatThrownBy(() -> ObjectStore.builder().endpoint("http://127.0.0.1:9000").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accessKey is missing")
        .hasMessageContaining("secretKey is missing")
        .hasMessageContaining("bucket is missing")
        .hasMessageNotContaining("endpoint");
  }

  @Test
  void buildRejectsMalformedArguments() {
    assertThatThrownBy(
            () ->
                ObjectStore.builder()
                    .endpoint("127.0.0.1:9000")
                    .accessKey("a")
                    .secretKey("s")
                    .bucket("Models_Bucket")
                    .readTimeout(Duration.ZERO)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("endpoint '127.0.0.1:9000' must start with http:// or https://")
        .hasMessageContaining("bucket 'Models_Bucket' is not a valid S3 bucket name")
        .hasMessageContaining("readTimeout must be positive");
    assertThatThrownBy(
            () ->
                ObjectStore.builder()
                    .endpoint("http://minio:9000/handmade")
                    .accessKey("a")
                    .secretKey("s")
                    .bucket("b12")
                    .build())
        .hasMessageContaining("must not have a path");
  }

  @Test
  void configSurvivesJavaSerializationAndHidesTheSecret() throws Exception {
    ObjectStoreConfig config =
        ObjectStore.builder()
            .endpoint("http://minio:9000/")
            .accessKey("trainer")
            .secretKey("s3cr3t-value")
            .bucket("handmade")
            .region("eu-central-1")
            .buildConfig();

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(config);
    }
    Object copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = in.readObject();
    }

    assertThat(copy).isEqualTo(config);
    assertThat(config.endpoint()).isEqualTo("http://minio:9000");
    assertThat(config.connectTimeout()).isEqualTo(ObjectStoreConfig.DEFAULT_CONNECT_TIMEOUT);
    assertThat(config.toString()).contains("handmade", "trainer").doesNotContain("s3cr3t");
    assertThat(config.withBucket("other").bucket()).isEqualTo("other");
  }

  @Test
  void keysThatNameFoldersAreRefused() {
    try (ObjectStore store = offline(UnreachableEndpoints.closedPort())) {
      assertThatThrownBy(() -> store.putBytes("models/v1/", new byte[0]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'models/v1/'");
      assertThatThrownBy(() -> store.getBytes("/models/v1/model.zip"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void closedPortFailsFastNamingTheEndpoint() {
    String endpoint = UnreachableEndpoints.closedPort();
    try (ObjectStore store = offline(endpoint)) {
      long start = System.nanoTime();

      assertUnavailable(() -> store.getBytes("models/v1/model.zip"), endpoint);
      assertUnavailable(() -> store.putBytes("k", new byte[] {1}), endpoint);
      assertUnavailable(() -> store.list("models/"), endpoint);
      assertUnavailable(() -> store.exists("k"), endpoint);
      assertUnavailable(() -> store.delete("k"), endpoint);
      assertUnavailable(store::createBucketIfAbsent, endpoint);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
    }
  }

  @Test
  void serverThatNeverAnswersFailsWithinTheReadTimeout() throws Exception {
    try (UnreachableEndpoints.SilentServer silent = new UnreachableEndpoints.SilentServer();
        ObjectStore store =
            ObjectStore.builder()
                .endpoint(silent.endpoint())
                .accessKey("a")
                .secretKey("s")
                .bucket("handmade")
                .connectTimeout(Duration.ofSeconds(1))
                .readTimeout(Duration.ofMillis(500))
                .build()) {
      long start = System.nanoTime();

      assertThatThrownBy(() -> store.getBytes("models/v1/model.zip"))
          .isInstanceOfSatisfying(
              ObjectStoreUnavailableException.class,
              e -> assertThat(e.endpoint()).isEqualTo(silent.endpoint()))
          .hasMessageContaining(silent.endpoint())
          .hasMessageContaining("read timeout 0.5 s");

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
    }
  }

  @Test
  void unreadableFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("missing.log");
    try (ObjectStore store = offline(UnreachableEndpoints.closedPort())) {
      assertThatThrownBy(() -> store.putFile("drives/missing.log", missing))
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining(missing.toString())
          .hasMessageContaining("no such readable file");
    }
  }

  private static ObjectStore offline(String endpoint) {
    return ObjectStore.builder()
        .endpoint(endpoint)
        .accessKey("a")
        .secretKey("s")
        .bucket("handmade")
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  private static void assertUnavailable(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String endpoint) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ObjectStoreUnavailableException.class,
            e -> assertThat(e.endpoint()).isEqualTo(endpoint))
        .hasMessageContaining("object store at " + endpoint + " is unreachable");
  }
}
