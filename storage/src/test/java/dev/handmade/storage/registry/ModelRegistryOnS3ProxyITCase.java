package dev.handmade.storage.registry;

import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry contract against the in-process S3Proxy; the twin that always runs. */
class ModelRegistryOnS3ProxyITCase extends ModelRegistryContract {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Override
  protected ObjectStore.Builder serverStore() {
    return S3.storeBuilder();
  }
}
