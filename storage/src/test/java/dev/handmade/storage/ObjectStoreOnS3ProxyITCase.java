package dev.handmade.storage;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The object-store contract against the in-process S3Proxy; the twin that always runs. */
class ObjectStoreOnS3ProxyITCase extends ObjectStoreContract {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Override
  protected ObjectStore.Builder serverStore() {
    return S3.storeBuilder();
  }
}
