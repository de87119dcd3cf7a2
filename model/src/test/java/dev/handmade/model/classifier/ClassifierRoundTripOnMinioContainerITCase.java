package dev.handmade.model.classifier;

import dev.handmade.storage.MinioContainers;
import dev.handmade.storage.ObjectStore;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The classifier round trip against a real MinIO in Docker. Skipped where no Docker engine
 * runs; {@link ClassifierRoundTripOnS3ProxyITCase} runs the same test everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ClassifierRoundTripOnMinioContainerITCase extends ClassifierRoundTripContract {

  @Container static final MinIOContainer MINIO = MinioContainers.create();

  @Override
  protected ObjectStore.Builder serverStore() {
    return MinioContainers.storeBuilder(MINIO);
  }
}
