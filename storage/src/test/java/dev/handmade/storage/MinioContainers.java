package dev.handmade.storage;

import org.testcontainers.containers.MinIOContainer;

/** The MinIO server the Testcontainers twins of the S3Proxy tests run against. */
public final class MinioContainers {

  /** A pinned release, so that a test run today and next year talk to the same server. */
  public static final String IMAGE = "minio/minio:RELEASE.2025-09-07T16-13-09Z";

  private MinioContainers() {}

  public static MinIOContainer create() {
    return new MinIOContainer(IMAGE);
  }

  public static ObjectStore.Builder storeBuilder(MinIOContainer minio) {
    return ObjectStore.builder()
        .endpoint(minio.getS3URL())
        .accessKey(minio.getUserName())
        .secretKey(minio.getPassword());
  }
}
