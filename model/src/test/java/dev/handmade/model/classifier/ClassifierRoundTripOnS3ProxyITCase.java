package dev.handmade.model.classifier;

import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The classifier round trip against the in-process S3Proxy; the twin that always runs. */
class ClassifierRoundTripOnS3ProxyITCase extends ClassifierRoundTripContract {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Override
  protected ObjectStore.Builder serverStore() {
    return S3.storeBuilder();
  }
}
