package dev.handmade.storage;

import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The object-store contract against a real MinIO in Docker. Skipped where no Docker engine
 * runs; {@link ObjectStoreOnS3ProxyITCase} runs the same tests everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ObjectStoreOnMinioContainerITCase extends ObjectStoreContract {

  @Container static final MinIOContainer MINIO = MinioContainers.create();

  @Override
  protected ObjectStore.Builder serverStore() {
    return MinioContainers.storeBuilder(MINIO);
  }
}
