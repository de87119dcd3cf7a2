package dev.handmade.pipeline.inference;

import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreConfig;
import dev.handmade.storage.ObjectStoreUnavailableException;
import dev.handmade.storage.registry.ModelRegistry;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the registry's deployment pointer once per poll. Run as a rate-limited
 * {@link DataGeneratorSource}, it is a FLIP-27 source whose every element is "what is deployed
 * now"; inference ignores repeats, so a moved pointer (a new version or a rollback) reaches every
 * inference subtask within one poll interval.
 */
public final class RegistryPoller implements GeneratorFunction<Long, DeployedModel> {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryPoller.class);

  private final ObjectStoreConfig store;
  private transient ObjectStore client;
  private transient ModelRegistry registry;
  private transient DeployedModel last;

  public RegistryPoller(ObjectStoreConfig store) {
    this.store = store;
  }

  /** The source: unbounded, one poll every {@code interval}. Run it with parallelism 1. */
  public static DataGeneratorSource<DeployedModel> source(
      ObjectStoreConfig store, Duration interval) {
    return new DataGeneratorSource<>(
        new RegistryPoller(store),
        Long.MAX_VALUE,
        RateLimiterStrategy.perSecond(1000.0 / Math.max(1, interval.toMillis())),
        TypeInformation.of(DeployedModel.class));
  }

  @Override
  public void open(SourceReaderContext readerContext) {
    client = ObjectStore.create(store);
    registry = new ModelRegistry(client);
    last = DeployedModel.none();
  }

  @Override
  public DeployedModel map(Long poll) {
    try {
      last = new DeployedModel(registry.deployed().orElse(null));
    } catch (ObjectStoreUnavailableException e) {
      // a registry outage must not stop inference: keep serving the model we have
      LOG.warn("registry unreachable, keeping {}: {}", last.version(), e.getMessage());
    }
    return last;
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }
}
