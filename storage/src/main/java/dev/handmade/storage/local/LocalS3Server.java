package dev.handmade.storage.local;

import dev.handmade.storage.ObjectStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3 server in this JVM, storing objects as files under a folder (S3Proxy over jclouds'
 * filesystem store): the object store of the one-machine stack and of the tests. Signatures are
 * checked (AWS v2 or v4), so clients are exercised exactly as against MinIO, and, as on S3, an
 * object is listed only once its upload is complete ({@link UploadsInProgressHidden}).
 *
 * <p>Needs {@code org.gaul:s3proxy} on the class path; this module declares it optional.
 */
public final class LocalS3Server implements AutoCloseable {

  private final Path baseDir;
  private final String accessKey;
  private final String secretKey;
  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final String endpoint;

  private LocalS3Server(Path baseDir, String host, int port, String accessKey, String secretKey)
      throws Exception {
    this.baseDir = baseDir;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    Files.createDirectories(baseDir);
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", baseDir.toString());
    this.context =
        ContextBuilder.newBuilder("filesystem")
            .credentials(accessKey, secretKey)
            .overrides(properties)
            .build(BlobStoreContext.class);
    this.proxy =
        S3Proxy.builder()
            .blobStore(new UploadsInProgressHidden(context.getBlobStore()))
            .endpoint(URI.create("http://" + host + ":" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
    try {
      proxy.start();
    } catch (Exception e) {
      context.close();
      throw e;
    }
    // Jetty's start() returns once the connector listens; anything else is a failed start
    if (!"STARTED".equals(proxy.getState())) {
      context.close();
      throw new IllegalStateException(
          "S3Proxy did not start on " + host + ":" + port + ": state " + proxy.getState());
    }
    this.endpoint = "http://" + host + ":" + proxy.getPort();
  }

  /**
   * Starts a server on {@code host:port} (port 0 picks a free one) over {@code baseDir}, one
   * sub-folder a bucket. Objects already there are served: a restart resumes where it stopped.
   *
   * @throws IllegalStateException when the server cannot start, with the reason (port taken, ...)
   */
  public static LocalS3Server start(
      Path baseDir, String host, int port, String accessKey, String secretKey) {
    Objects.requireNonNull(baseDir, "baseDir");
    try {
      return new LocalS3Server(baseDir, host, port, accessKey, secretKey);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not start the local S3 server on "
              + host
              + ":"
              + port
              + " over "
              + baseDir
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** {@code http://host:port}. */
  public String endpoint() {
    return endpoint;
  }

  public int port() {
    return proxy.getPort();
  }

  public Path baseDir() {
    return baseDir;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** A builder holding this server's endpoint and credentials; add a bucket. */
  public ObjectStore.Builder storeBuilder() {
    return ObjectStore.builder().endpoint(endpoint).accessKey(accessKey).secretKey(secretKey);
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
    } finally {
      context.close();
    }
  }
}
