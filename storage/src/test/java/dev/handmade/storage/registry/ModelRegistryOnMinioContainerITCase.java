package dev.handmade.storage.registry;

import dev.handmade.storage.MinioContainers;
import dev.handmade.storage.ObjectStore;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The registry contract against a real MinIO in Docker. Skipped where no Docker engine runs;
 * {@link ModelRegistryOnS3ProxyITCase} runs the same tests everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ModelRegistryOnMinioContainerITCase extends ModelRegistryContract {

  @Container static final MinIOContainer MINIO = MinioContainers.create();

  @Override
  protected ObjectStore.Builder serverStore() {
    return MinioContainers.storeBuilder(MINIO);
  }
}
