package dev.handmade.pipeline.objectstore;

import dev.handmade.model.storage.ObjectNotFoundException;
import dev.handmade.model.storage.ObjectStoreConfig;
import dev.handmade.model.storage.ObjectStoreException;
import dev.handmade.model.storage.ObjectStoreUnavailableException;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The two calls the committer needs that {@link dev.handmade.model.storage.ObjectStore} does not
 * offer: a server-side copy (S3 has no rename) and an object's size. Failures come out as the
 * same exception types as ObjectStore's, so that callers tell "try again later" ({@link
 * ObjectStoreUnavailableException}) from everything else.
 */
public final class ObjectCopier implements AutoCloseable {

  private static final Set<String> UNAVAILABLE_CODES =
      Set.of("ServiceUnavailable", "SlowDown", "InternalError", "RequestTimeout");

  private final ObjectStoreConfig config;
  private final MinioClient client;

  private ObjectCopier(ObjectStoreConfig config) {
    this.config = config;
    MinioClient.Builder builder =
        MinioClient.builder()
            .endpoint(config.endpoint())
            .credentials(config.accessKey(), config.secretKey());
    if (config.region() != null) {
      builder.region(config.region());
    }
    this.client = builder.build();
    client.setTimeout(
        config.connectTimeout().toMillis(),
        config.readTimeout().toMillis(),
        config.readTimeout().toMillis());
  }

  public static ObjectCopier create(ObjectStoreConfig config) {
    return new ObjectCopier(Objects.requireNonNull(config, "config"));
  }

  /**
   * Copies an object within the bucket, replacing any object under {@code to}. One request: up
   * to 5 GiB, which the sink's file size limit stays under.
   *
   * @throws ObjectNotFoundException when there is no object under {@code from}
   */
  public void copy(String from, String to) {
    call("copy '" + from + "' to", to, from, () -> client.copyObject(
        CopyObjectArgs.builder()
            .bucket(config.bucket())
            .object(to)
            .source(CopySource.builder().bucket(config.bucket()).object(from).build())
            .build()));
  }

  /** The object's size in bytes, or empty when there is no object under the key. */
  public OptionalLong size(String key) {
    return call("stat", key, null, () -> {
      try {
        return OptionalLong.of(
            client.statObject(StatObjectArgs.builder().bucket(config.bucket()).object(key).build())
                .size());
      } catch (ErrorResponseException e) {
        if ("NoSuchKey".equals(e.errorResponse().code())) {
          return OptionalLong.empty();
        }
        throw e;
      }
    });
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      throw new ObjectStoreException("closing the client of " + config.endpoint() + " failed", e);
    }
  }

  @FunctionalInterface
  private interface S3Call<T> {
    T run() throws Exception;
  }

  /** @param missingKey the key a NoSuchKey answer is about, null when it cannot be one */
  private <T> T call(String action, String key, String missingKey, S3Call<T> call) {
    String what = action + " '" + key + "' in bucket '" + config.bucket() + "' at "
        + config.endpoint();
    try {
      return call.run();
    } catch (ErrorResponseException e) {
      String code = e.errorResponse().code();
      if ("NoSuchKey".equals(code) && missingKey != null) {
        throw new ObjectNotFoundException(config.endpoint(), config.bucket(), missingKey);
      }
      if (UNAVAILABLE_CODES.contains(code)) {
        throw new ObjectStoreUnavailableException(
            config.endpoint(), "could not " + what + " now (" + code + ")", e);
      }
      throw new ObjectStoreException(
          "could not " + what + " (" + code + ": " + e.errorResponse().message() + ")", e);
    } catch (ServerException | IOException e) {
      throw new ObjectStoreUnavailableException(
          config.endpoint(), "could not " + what + ": " + e, e);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new ObjectStoreException("could not " + what + ": " + e, e);
    }
  }
}
