package dev.handmade.pipeline.objectstore;

import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreConfig;
import dev.handmade.storage.local.LocalS3Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-process S3 server ({@link LocalS3Server}) over a temporary folder, for one test class.
 * Register it on a static field with {@code @RegisterExtension}; each test takes a bucket of its
 * own with {@link #newStore()}.
 */
public final class LocalS3Extension implements BeforeAllCallback, AfterAllCallback {

  private final List<ObjectStore> stores = new CopyOnWriteArrayList<>();
  private Path baseDir;
  private LocalS3Server server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    baseDir = Files.createTempDirectory("handmade-pipeline-s3-");
    server = LocalS3Server.start(baseDir, "127.0.0.1", 0, "pipeline-test", "pipeline-test-secret");
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      for (ObjectStore store : stores) {
        store.close();
      }
      server.close();
    } finally {
      try (Stream<Path> paths = Files.walk(baseDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> {
          try {
            Files.delete(path);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
  }

  /** A store on a new, empty bucket; closed after the class's last test. */
  public ObjectStore newStore() {
    String bucket = "test-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    ObjectStore store = server.storeBuilder().bucket(bucket).build();
    stores.add(store);
    store.createBucketIfAbsent();
    return store;
  }

  /** What a job needs to reach the same bucket as {@code store}. */
  public static ObjectStoreConfig configOf(ObjectStore store) {
    return store.config();
  }
}
