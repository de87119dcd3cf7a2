package dev.handmade.storage;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A bucket in an S3-compatible store (MinIO, S3, S3Proxy), through the MinIO Java client.
 *
 * <p>Every failure comes out as an {@link ObjectStoreException} whose message names the
 * endpoint, bucket and key: {@link ObjectStoreUnavailableException} when the store cannot be
 * reached or does not answer within the configured timeouts, {@link ObjectNotFoundException}
 * when a key is absent.
 *
 * <p>Thread-safe. Not serializable: ship the {@link ObjectStoreConfig} and {@link
 * #create(ObjectStoreConfig)} a store where it is used. Keys are plain object names
 * ({@code models/v1/model.zip}); a key never starts or ends with '/'.
 */
public final class ObjectStore implements AutoCloseable {

  private static final String OCTET_STREAM = "application/octet-stream";

  // MinIO needs a part size when the length is unknown; 16 MiB keeps a 10,000-part upload
  // able to hold 160 GB while buffering little
  private static final long UNKNOWN_SIZE_PART_BYTES = 16L * 1024 * 1024;

  private static final Set<String> CREDENTIAL_CODES =
      Set.of(
          "AccessDenied",
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "InvalidToken",
          "ExpiredToken");
  private static final Set<String> UNAVAILABLE_CODES =
      Set.of("ServiceUnavailable", "SlowDown", "InternalError", "XMinioServerNotInitialized");
  private static final Set<String> PRECONDITION_CODES =
      Set.of("PreconditionFailed", "ConditionalRequestConflict");

  private final ObjectStoreConfig config;
  private final MinioClient client;

  private ObjectStore(ObjectStoreConfig config) {
    this.config = config;
    MinioClient.Builder builder =
        MinioClient.builder()
            .endpoint(config.endpoint())
            .credentials(config.accessKey(), config.secretKey());
    if (config.region() != null) {
      builder.region(config.region());
    }
    this.client = builder.build();
    // the client's defaults are five minutes each: an unreachable store would hang a caller
    client.setTimeout(
        config.connectTimeout().toMillis(),
        config.readTimeout().toMillis(),
        config.readTimeout().toMillis());
  }

  public static ObjectStore create(ObjectStoreConfig config) {
    return new ObjectStore(Objects.requireNonNull(config, "config"));
  }

  public static Builder builder() {
    return new Builder();
  }

  public ObjectStoreConfig config() {
    return config;
  }

  public String endpoint() {
    return config.endpoint();
  }

  public String bucket() {
    return config.bucket();
  }

  /**
   * Creates the bucket unless it exists.
   *
   * @return whether this call created it
   */
  public boolean createBucketIfAbsent() {
    return call(
        "create bucket '" + bucket() + "'",
        null,
        () -> {
          if (client.bucketExists(BucketExistsArgs.builder().bucket(bucket()).build())) {
            return false;
          }
          MakeBucketArgs.Builder args = MakeBucketArgs.builder().bucket(bucket());
          if (config.region() != null) {
            args.region(config.region());
          }
          try {
            client.makeBucket(args.build());
            return true;
          } catch (ErrorResponseException e) {
            // someone else created it between our check and our request
            if ("BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
              return false;
            }
            throw e;
          }
        });
  }

  /** Writes the object, replacing any object under the key. One request up to 5 MiB. */
  public void putBytes(String key, byte[] bytes) {
    checkKey(key);
    Objects.requireNonNull(bytes, "bytes");
    call(
        "put",
        key,
        () ->
            client.putObject(
                PutObjectArgs.builder().bucket(bucket()).object(key).stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                    .contentType(OCTET_STREAM)
                    .build()));
  }

  /**
   * Writes the object unless the key is taken.
   *
   * <p>Atomic where the server honours {@code If-None-Match: *} on PUT (AWS S3, recent MinIO):
   * of two concurrent writers exactly one wins. A server that ignores the header leaves a short
   * window between the existence check and the write in which a concurrent writer can be
   * overwritten. Meant for small objects (one request).
   *
   * @return false, without writing, when an object already exists under the key
   */
  public boolean putBytesIfAbsent(String key, byte[] bytes) {
    checkKey(key);
    Objects.requireNonNull(bytes, "bytes");
    if (exists(key)) {
      return false;
    }
    return call(
        "put (if absent)",
        key,
        () -> {
          try {
            client.putObject(
                PutObjectArgs.builder().bucket(bucket()).object(key).stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                    .contentType(OCTET_STREAM)
                    .headers(Map.of("If-None-Match", "*"))
                    .build());
            return true;
          } catch (ErrorResponseException e) {
            if (PRECONDITION_CODES.contains(e.errorResponse().code())) {
              return false;
            }
            throw e;
          }
        });
  }

  /** Uploads a file; files over 5 MiB go up in parts. */
  public void putFile(String key, Path file) {
    checkKey(key);
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new ObjectStoreException(
          "cannot upload "
              + file
              + " to '"
              + key
              + "' in bucket '"
              + bucket()
              + "' at "
              + endpoint()
              + ": no such readable file");
    }
    call(
        "upload " + file + " as",
        key,
        () ->
            client.uploadObject(
                UploadObjectArgs.builder()
                    .bucket(bucket())
                    .object(key)
                    .filename(file.toString())
                    .contentType(OCTET_STREAM)
                    .build()));
  }

  /**
   * Uploads what the stream holds, in parts when it is large. The stream is read to its end,
   * not closed.
   *
   * @param size the number of bytes the stream holds, or -1 when unknown
   */
  public void putStream(String key, InputStream in, long size) {
    checkKey(key);
    Objects.requireNonNull(in, "in");
    if (size < -1) {
      throw new IllegalArgumentException("size must be -1 (unknown) or at least 0, was " + size);
    }
    long partSize = size == -1 ? UNKNOWN_SIZE_PART_BYTES : -1;
    call(
        "put (stream)",
        key,
        () ->
            client.putObject(
                PutObjectArgs.builder().bucket(bucket()).object(key).stream(in, size, partSize)
                    .contentType(OCTET_STREAM)
                    .build()));
  }

  /**
   * Reads a whole object into memory.
   *
   * @throws ObjectNotFoundException when there is no object under the key
   */
  public byte[] getBytes(String key) {
    checkKey(key);
    return call(
        "get",
        key,
        () -> {
          try (InputStream in =
              client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build())) {
            return in.readAllBytes();
          }
        });
  }

  /**
   * Opens an object for streaming, for objects too large to hold in memory. The caller closes
   * the stream; a network failure while reading it surfaces as a plain {@link IOException}.
   *
   * @throws ObjectNotFoundException when there is no object under the key
   */
  public InputStream openStream(String key) {
    checkKey(key);
    return call(
        "open",
        key,
        () -> client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build()));
  }

  /** The object's size in bytes, or empty when there is no object under the key. */
  public OptionalLong size(String key) {
    checkKey(key);
    return call(
        "stat",
        key,
        () -> {
          try {
            return OptionalLong.of(
                client
                    .statObject(StatObjectArgs.builder().bucket(bucket()).object(key).build())
                    .size());
          } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
              return OptionalLong.empty();
            }
            throw e;
          }
        });
  }

  /** When the object was last written, or empty when there is no object under the key. */
  public Optional<Instant> lastModified(String key) {
    checkKey(key);
    return call(
        "stat",
        key,
        () -> {
          try {
            return Optional.of(
                client
                    .statObject(StatObjectArgs.builder().bucket(bucket()).object(key).build())
                    .lastModified()
                    .toInstant());
          } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
              return Optional.<Instant>empty();
            }
            throw e;
          }
        });
  }

  /**
   * Copies an object within the bucket on the server (S3 has no rename), replacing any object
   * under {@code to}. One request: up to 5 GiB.
   *
   * @throws ObjectNotFoundException when there is no object under {@code from}
   */
  public void copy(String from, String to) {
    checkKey(from);
    checkKey(to);
    call(
        "copy to '" + to + "' from",
        from,
        () ->
            client.copyObject(
                CopyObjectArgs.builder()
                    .bucket(bucket())
                    .object(to)
                    .source(CopySource.builder().bucket(bucket()).object(from).build())
                    .build()));
  }

  public boolean exists(String key) {
    checkKey(key);
    return call(
        "check",
        key,
        () -> {
          try {
            client.statObject(StatObjectArgs.builder().bucket(bucket()).object(key).build());
            return true;
          } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
              return false;
            }
            throw e;
          }
        });
  }

  /**
   * The keys of the objects under a prefix, at any depth, in lexicographic order. Directory
   * markers (keys ending in '/', which some servers list for folders) are left out.
   *
   * @param prefix matched literally against the start of each key; "" lists the bucket
   */
  public List<String> list(String prefix) {
    return listObjects(prefix).stream().map(Listed::key).toList();
  }

  /**
   * An object as a listing shows it.
   *
   * @param etag the server's entity tag without quotes (for a single-part upload, the MD5 of its
   *     bytes on S3, MinIO and S3Proxy); empty when the server lists none
   */
  public record Listed(String key, long size, String etag) {}

  /** As {@link #list}, with each object's size and entity tag from the same listing. */
  public List<Listed> listObjects(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return call(
        "list keys under",
        prefix,
        () -> {
          List<Listed> objects = new ArrayList<>();
          // S3Proxy's ListObjectsV2 pages past 1,000 keys never end (the same pages come back);
          // version 1 with markers pages correctly there and on S3 and MinIO
          for (Result<Item> result :
              client.listObjects(
                  ListObjectsArgs.builder()
                      .bucket(bucket())
                      .prefix(prefix)
                      .recursive(true)
                      .useApiVersion1(true)
                      .build())) {
            Item item = result.get();
            if (!item.isDir() && !item.objectName().endsWith("/")) {
              String etag = item.etag() == null ? "" : item.etag().replace("\"", "");
              objects.add(new Listed(item.objectName(), item.size(), etag));
            }
          }
          objects.sort(Comparator.comparing(Listed::key));
          return objects;
        });
  }

  /** Removes the object. Removing an absent key is not an error, as in S3. */
  public void delete(String key) {
    checkKey(key);
    call(
        "delete",
        key,
        () -> {
          client.removeObject(RemoveObjectArgs.builder().bucket(bucket()).object(key).build());
          return null;
        });
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      throw new ObjectStoreException("closing the client of " + endpoint() + " failed", e);
    }
  }

  @Override
  public String toString() {
    return "ObjectStore[" + endpoint() + ", bucket " + bucket() + "]";
  }

  private static void checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
      throw new IllegalArgumentException(
          "object key '" + key + "' must be non-empty and neither start nor end with '/'");
    }
  }

  @FunctionalInterface
  private interface S3Call<T> {
    T run() throws Exception;
  }

  /**
   * Runs a client call and turns whatever it throws into one of our exceptions.
   *
   * @param action a verb phrase for messages: "get", "list keys under"
   * @param key the key or prefix the call is about, null for bucket-level calls
   */
  private <T> T call(String action, String key, S3Call<T> call) {
    String what = key == null ? action : action + " '" + key + "' in bucket '" + bucket() + "'";
    try {
      return call.run();
    } catch (ErrorResponseException e) {
      throw translate(what, key, e);
    } catch (ServerException e) {
      throw new ObjectStoreUnavailableException(
          endpoint(),
          "object store at "
              + endpoint()
              + " answered HTTP "
              + e.statusCode()
              + " to "
              + what
              + ": "
              + e.getMessage(),
          e);
    } catch (InvalidResponseException e) {
      throw new ObjectStoreException(
          "the server at "
              + endpoint()
              + " did not answer like an S3 store to "
              + what
              + ": "
              + e.getMessage(),
          e);
    } catch (FileSystemException e) {
      // a local file that vanished or cannot be read, not the store
      throw new ObjectStoreException("could not " + what + ": " + describe(e), e);
    } catch (IOException e) {
      throw new ObjectStoreUnavailableException(
          endpoint(),
          "object store at "
              + endpoint()
              + " is unreachable ("
              + describe(e)
              + ") to "
              + what
              + "; connect timeout "
              + seconds(config.connectTimeout())
              + ", read timeout "
              + seconds(config.readTimeout()),
          e);
    } catch (ObjectStoreException e) {
      throw e;
    } catch (Exception e) {
      if (e.getCause() instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new ObjectStoreException(
          "could not " + what + " at " + endpoint() + ": " + describe(e), e);
    }
  }

  private ObjectStoreException translate(String what, String key, ErrorResponseException e) {
    String code = e.errorResponse().code();
    String said = code + ": " + e.errorResponse().message();
    if ("NoSuchKey".equals(code) && key != null) {
      return new ObjectNotFoundException(endpoint(), bucket(), key);
    }
    if ("NoSuchBucket".equals(code)) {
      return new ObjectStoreException(
          "bucket '"
              + bucket()
              + "' does not exist at "
              + endpoint()
              + " (needed to "
              + what
              + "); create it first, e.g. with createBucketIfAbsent()",
          e);
    }
    if (CREDENTIAL_CODES.contains(code)) {
      return new ObjectStoreException(
          "object store at "
              + endpoint()
              + " refused access key '"
              + config.accessKey()
              + "' to "
              + what
              + " ("
              + said
              + ")",
          e);
    }
    if (UNAVAILABLE_CODES.contains(code)) {
      return new ObjectStoreUnavailableException(
          endpoint(),
          "object store at " + endpoint() + " could not " + what + " now (" + said + ")",
          e);
    }
    return new ObjectStoreException(
        "could not " + what + " at " + endpoint() + " (" + said + ")", e);
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static String seconds(Duration d) {
    return d.toMillis() / 1000.0 + " s";
  }

  /**
   * Assembles an {@link ObjectStoreConfig}; {@link #build()} names every missing or invalid
   * argument at once.
   */
  public static final class Builder {
    private String endpoint;
    private String accessKey;
    private String secretKey;
    private String bucket;
    private String region;
    private Duration connectTimeout;
    private Duration readTimeout;

    private Builder() {}

    /** {@code http(s)://host[:port]}. */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    public Builder accessKey(String accessKey) {
      this.accessKey = accessKey;
      return this;
    }

    public Builder secretKey(String secretKey) {
      this.secretKey = secretKey;
      return this;
    }

    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /** Optional; unset, the client asks the server once per bucket. */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** Optional; see {@link ObjectStoreConfig#DEFAULT_CONNECT_TIMEOUT}. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Optional; see {@link ObjectStoreConfig#DEFAULT_READ_TIMEOUT}. */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    /** The checked configuration, for jobs that ship it to where the store is used. */
    public ObjectStoreConfig buildConfig() {
      return new ObjectStoreConfig(
          endpoint, accessKey, secretKey, bucket, region, connectTimeout, readTimeout);
    }

    /**
     * A client for the store; it does not contact the store.
     *
     * @throws IllegalArgumentException naming each missing or invalid argument
     */
    public ObjectStore build() {
      return create(buildConfig());
    }
  }
}
