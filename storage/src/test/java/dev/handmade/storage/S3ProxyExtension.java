package dev.handmade.storage;

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
 * A {@link LocalS3Server} for a test class, over a temporary folder on a free port of 127.0.0.1.
 *
 * <pre>{@code
 * @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();
 *
 * @Test void roundTrip() { ObjectStore store = S3.newStore(); ... }
 * }</pre>
 *
 * <p>Register it on a static field: it starts before the class's first test and stops, deleting
 * its folder, after the last. Nested classes share the outer class's server.
 */
public final class S3ProxyExtension implements BeforeAllCallback, AfterAllCallback {

  public static final String ACCESS_KEY = "handmade-test";
  public static final String SECRET_KEY = "handmade-test-secret-key";

  private final List<ObjectStore> stores = new CopyOnWriteArrayList<>();
  private int users;
  private Path baseDir;
  private LocalS3Server server;

  @Override
  public synchronized void beforeAll(ExtensionContext extensionContext) throws Exception {
    if (users++ > 0) {
      return;
    }
    baseDir = Files.createTempDirectory("handmade-s3proxy-");
    server = LocalS3Server.start(baseDir, "127.0.0.1", 0, ACCESS_KEY, SECRET_KEY);
  }

  @Override
  public synchronized void afterAll(ExtensionContext extensionContext) throws Exception {
    if (--users > 0) {
      return;
    }
    try {
      for (ObjectStore store : stores) {
        store.close();
      }
      stores.clear();
      server.close();
    } finally {
      deleteRecursively(baseDir);
      server = null;
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public synchronized String endpoint() {
    if (server == null) {
      throw new IllegalStateException(
          "S3ProxyExtension is not running: register it with @RegisterExtension on a static field");
    }
    return server.endpoint();
  }

  /** The folder the objects are stored in, one sub-folder a bucket. */
  public synchronized Path baseDir() {
    endpoint();
    return baseDir;
  }

  /** A builder holding the server's endpoint and credentials; add a bucket. */
  public ObjectStore.Builder storeBuilder() {
    endpoint();
    return server.storeBuilder();
  }

  /** A store on a new, empty bucket of its own; closed when the server stops. */
  public ObjectStore newStore() {
    ObjectStore store = storeBuilder().bucket(uniqueBucketName()).build();
    stores.add(store);
    store.createBucketIfAbsent();
    return store;
  }

  public static String uniqueBucketName() {
    return "test-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
