package dev.handmade.infra.stack;

import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.local.LocalS3Server;

/**
 * The stack's bucket: on the in-process S3 server over the data folder, unless an external
 * endpoint is given; created when absent.
 */
final class StackObjectStore implements AutoCloseable {

  private final LocalS3Server server;
  private final ObjectStore store;
  private final String endpoint;

  private StackObjectStore(LocalS3Server server, ObjectStore store, String endpoint) {
    this.server = server;
    this.store = store;
    this.endpoint = endpoint;
  }

  static StackObjectStore start(StackSettings s) throws Exception {
    LocalS3Server server = null;
    String endpoint = s.s3Endpoint();
    if (!s.externalObjectStore()) {
      server =
          LocalS3Server.start(
              s.s3Folder(), "127.0.0.1", s.s3Port(), s.s3AccessKey(), s.s3SecretKey());
      endpoint = server.endpoint();
    }
    ObjectStore store = null;
    try {
      store =
          ObjectStore.builder()
              .endpoint(endpoint)
              .accessKey(s.s3AccessKey())
              .secretKey(s.s3SecretKey())
              .bucket(s.s3Bucket())
              .build();
      store.createBucketIfAbsent();
      return new StackObjectStore(server, store, endpoint);
    } catch (Exception | Error e) {
      LocalStack.closeQuietly(store);
      LocalStack.closeQuietly(server);
      throw e;
    }
  }

  /** Where the service, the job and the crowd reach the bucket. */
  String endpoint() {
    return endpoint;
  }

  ObjectStore store() {
    return store;
  }

  @Override
  public void close() {
    LocalStack.closeQuietly(store);
    LocalStack.closeQuietly(server);
  }
}
