package dev.handmade.infra.cli;

import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.local.LocalS3Server;
import java.net.BindException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where objects live: an external S3 service (MinIO in production) when {@code --s3-endpoint}
 * is given, otherwise an S3 server started in this process on the data folder.
 */
final class ObjectStoreOptions {

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      defaultValue = "${env:HANDMADE_S3_ENDPOINT}",
      description =
          "External S3/MinIO endpoint; without it an S3 server runs in-process on <data>/s3.")
  String endpoint;

  @Option(
      names = "--s3-access-key",
      defaultValue = "${env:HANDMADE_S3_ACCESS_KEY:-handmade}",
      description = "Access key (default: ${DEFAULT-VALUE}).")
  String accessKey;

  @Option(
      names = "--s3-secret-key",
      defaultValue = "${env:HANDMADE_S3_SECRET_KEY:-handmade-local-secret}",
      description = "Secret key (default: the local server's).")
  String secretKey;

  @Option(
      names = "--s3-bucket",
      defaultValue = "${env:HANDMADE_S3_BUCKET:-handmade}",
      description = "Bucket (default: ${DEFAULT-VALUE}).")
  String bucket;

  @Option(
      names = "--s3-port",
      defaultValue = "9000",
      description =
          "Port of the in-process S3 server (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int localPort;

  /** The store, and the in-process server behind it when there is one (the caller closes both). */
  record Opened(ObjectStore store, LocalS3Server localServer) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      store.close();
      if (localServer != null) {
        localServer.close();
      }
    }
  }

  private static boolean portTaken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  Opened open(Path dataDir) {
    LocalS3Server server = null;
    String url = endpoint;
    if (url == null || url.isBlank()) {
      try {
        server =
            LocalS3Server.start(
                dataDir.resolve("s3"), "127.0.0.1", localPort, accessKey, secretKey);
      } catch (IllegalStateException e) {
        if (portTaken(e)) {
          // most often `handmade up` itself, serving this folder's bucket on its S3 server
          throw new CliError(
              String.format(
                  "port %d is taken, so the S3 server over %s cannot start here. If "
                      + "`handmade up` is running, read its S3 server instead: --s3-endpoint http://127.0.0.1:%d; "
                      + "otherwise pick another port with --s3-port.",
                  localPort, dataDir.resolve("s3"), localPort),
              e);
        }
        throw e;
      }
      url = server.endpoint();
    }
    ObjectStore store =
        ObjectStore.builder()
            .endpoint(url)
            .accessKey(accessKey)
            .secretKey(secretKey)
            .bucket(bucket)
            .build();
    store.createBucketIfAbsent();
    return new Opened(store, server);
  }
}
