package dev.handmade.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link ObjectStore} promises, run against each S3 server we support: the in-process
 * S3Proxy always, MinIO where Docker runs.
 */
abstract class ObjectStoreContract {

  /** 5 MiB parts: 12 MiB takes three. */
  private static final int LARGE = 12 * 1024 * 1024;

  /** Endpoint and credentials of the server under test; the contract adds buckets. */
  protected abstract ObjectStore.Builder serverStore();

  private ObjectStore store;

  @BeforeEach
  void newBucket() {
    store = serverStore().bucket(S3ProxyExtension.uniqueBucketName()).build();
    assertThat(store.createBucketIfAbsent()).isTrue();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void putGetExistsDelete() {
    byte[] bytes = "hello, store".getBytes(StandardCharsets.UTF_8);

    store.putBytes("logs/a.avro", bytes);

    assertThat(store.exists("logs/a.avro")).isTrue();
    assertThat(store.getBytes("logs/a.avro")).isEqualTo(bytes);

    store.delete("logs/a.avro");

    assertThat(store.exists("logs/a.avro")).isFalse();
    assertThat(store.list("logs/")).isEmpty();
    // S3 deletes are idempotent, and so are ours
    store.delete("logs/a.avro");
  }

  @Test
  void putReplacesAndEmptyObjectsRoundTrip() {
    store.putBytes("k", new byte[] {1, 2, 3});
    store.putBytes("k", new byte[0]);

    assertThat(store.getBytes("k")).isEmpty();
  }

  @Test
  void putIfAbsentKeepsTheFirstObject() {
    assertThat(store.putBytesIfAbsent("pointer", new byte[] {1})).isTrue();
    assertThat(store.putBytesIfAbsent("pointer", new byte[] {2})).isFalse();

    assertThat(store.getBytes("pointer")).containsExactly(1);
  }

  @Test
  void listsEveryKeyUnderAPrefixInOrder() {
    for (String key :
        new String[] {
          "models/v2/model.zip",
          "models/v10/model.zip",
          "models/v1/version.avro",
          "models/v1/model.zip",
          "modelsx",
          "audit/2026/01.avro"
        }) {
      store.putBytes(key, new byte[] {7});
    }

    assertThat(store.list("models/"))
        .containsExactly(
            "models/v1/model.zip",
            "models/v1/version.avro",
            "models/v10/model.zip",
            "models/v2/model.zip");
    assertThat(store.list("models/v1/"))
        .containsExactly("models/v1/model.zip", "models/v1/version.avro");
    assertThat(store.list("")).hasSize(6);
    assertThat(store.list("nothing/")).isEmpty();
  }

  @Test
  void listsPastAThousandKeys() {
    // a listing comes in pages of 1,000; S3Proxy once returned the same pages forever
    for (int i = 0; i < 1_001; i++) {
      store.putBytes(
          String.format(Locale.ROOT, "audit/dt=2026-11-%02d/part-%04d.avro", 1 + i / 100, i),
          new byte[] {1});
    }
    assertThat(store.list("audit/")).hasSize(1_001).doesNotHaveDuplicates();
  }

  @Test
  void listsSizesAndEntityTagsThatChangeWithTheBytes() throws Exception {
    byte[] bytes = "eleven byte".getBytes(StandardCharsets.UTF_8);
    store.putBytes("audit/a.avro", bytes);
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));

    assertThat(store.listObjects("audit/"))
        .containsExactly(new ObjectStore.Listed("audit/a.avro", 11, md5));
    store.putBytes("audit/a.avro", "eleven bytE".getBytes(StandardCharsets.UTF_8));
    assertThat(store.listObjects("audit/").get(0).etag()).isNotEqualTo(md5);
  }

  @Test
  void listSkipsDirectoryMarkers() throws Exception {
    try (MinioClient raw = rawClient()) {
      // what S3 consoles and some servers write for a folder: an empty object named "dir/"
      for (String marker : new String[] {"models/", "models/v1/", "models/empty/"}) {
        raw.putObject(
            PutObjectArgs.builder().bucket(store.bucket()).object(marker).stream(
                    new ByteArrayInputStream(new byte[0]), 0, -1)
                .build());
      }
    }
    store.putBytes("models/v1/model.zip", new byte[] {1});

    assertThat(store.list("models/")).containsExactly("models/v1/model.zip");
    assertThat(store.list("")).containsExactly("models/v1/model.zip");
  }

  @Test
  void largeFileRoundTripsInParts(@TempDir Path dir) throws Exception {
    byte[] bytes = new byte[LARGE];
    new Random(42).nextBytes(bytes);
    Path file = Files.write(dir.resolve("drive.log"), bytes);

    store.putFile("drives/file.log", file);
    store.putStream("drives/stream.log", new ByteArrayInputStream(bytes), -1);

    assertThat(store.getBytes("drives/file.log")).isEqualTo(bytes);
    try (InputStream in = store.openStream("drives/stream.log")) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    try (MinioClient raw = rawClient()) {
      // a multipart upload's ETag ends in "-<number of parts>"; a single PUT's is a plain MD5
      String etag =
          raw.statObject(
                  StatObjectArgs.builder().bucket(store.bucket()).object("drives/file.log").build())
              .etag();
      assertThat(etag.replace("\"", "")).endsWith("-3");
    }
  }

  @Test
  void missingKeyIsNotFoundWithBucketAndKey() {
    assertThat(store.exists("models/v9/model.zip")).isFalse();
    assertThatThrownBy(() -> store.getBytes("models/v9/model.zip"))
        .isInstanceOfSatisfying(
            ObjectNotFoundException.class,
            e -> {
              assertThat(e.bucket()).isEqualTo(store.bucket());
              assertThat(e.key()).isEqualTo("models/v9/model.zip");
            })
        .hasMessageContaining("models/v9/model.zip")
        .hasMessageContaining(store.bucket());
    assertThatThrownBy(() -> store.openStream("models/v9/model.zip"))
        .isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void missingBucketIsNamedAndCanBeCreated() {
    String bucket = S3ProxyExtension.uniqueBucketName();
    try (ObjectStore elsewhere = serverStore().bucket(bucket).build()) {
      assertThatThrownBy(() -> elsewhere.putBytes("k", new byte[] {1}))
          .isInstanceOf(ObjectStoreException.class)
          .isNotInstanceOf(ObjectStoreUnavailableException.class)
          .hasMessageContaining("bucket '" + bucket + "' does not exist");

      assertThat(elsewhere.createBucketIfAbsent()).isTrue();
      assertThat(elsewhere.createBucketIfAbsent()).isFalse();
      elsewhere.putBytes("k", new byte[] {1});
      assertThat(elsewhere.getBytes("k")).containsExactly(1);
    }
  }

  @Test
  void rejectedCredentialsNameTheAccessKey() {
    try (ObjectStore wrong =
        serverStore().secretKey("not-the-secret").bucket(store.bucket()).build()) {
      assertThatThrownBy(() -> wrong.getBytes("k"))
          .isInstanceOf(ObjectStoreException.class)
          .isNotInstanceOf(ObjectStoreUnavailableException.class)
          .hasMessageContaining("refused access key '" + wrong.config().accessKey() + "'")
          .hasMessageContaining(wrong.endpoint());
    }
  }

  private MinioClient rawClient() {
    ObjectStoreConfig config = store.config();
    return MinioClient.builder()
        .endpoint(config.endpoint())
        .credentials(config.accessKey(), config.secretKey())
        .build();
  }
}
