package dev.handmade.labelling;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.audit.statement.LabourStatementPublisher;
import dev.handmade.labelling.api.Wire;
import dev.handmade.labelling.auth.Tokens;
import dev.handmade.labelling.config.ServiceConfig;
import dev.handmade.labelling.core.Accounts;
import dev.handmade.labelling.core.Consensus;
import dev.handmade.labelling.core.Contributions;
import dev.handmade.labelling.core.EscalationSweep;
import dev.handmade.labelling.core.Feed;
import dev.handmade.labelling.core.FeedPublisher;
import dev.handmade.labelling.core.GoldPolicy;
import dev.handmade.labelling.core.LabellingQueue;
import dev.handmade.labelling.core.LabourStatementSchedule;
import dev.handmade.labelling.core.Ledger;
import dev.handmade.labelling.core.LiveAudit;
import dev.handmade.labelling.core.SettlementSchedule;
import dev.handmade.labelling.core.TaskIntake;
import dev.handmade.labelling.core.TrainedFrames;
import dev.handmade.labelling.core.WageFloor;
import dev.handmade.labelling.db.AccountDao;
import dev.handmade.labelling.db.ContributionDao;
import dev.handmade.labelling.db.Database;
import dev.handmade.labelling.db.EmbeddedPostgresServer;
import dev.handmade.labelling.db.FeedDao;
import dev.handmade.labelling.db.PayDao;
import dev.handmade.labelling.db.QueueDao;
import dev.handmade.labelling.http.HttpApi;
import dev.handmade.labelling.http.HttpLimits;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.registry.ModelRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the service is put together: database, domain, HTTP. {@link #start}
 * opens the database (starting an embedded PostgreSQL when no URL is configured), migrates it,
 * creates the first accounts, and starts serving.
 */
public final class LabellingService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LabellingService.class);

  /** How stale the feed's last sequence may be between reads; readers publish for themselves. */
  private static final Duration FEED_PUBLISH_PERIOD = Duration.ofMillis(200);

  private final ServiceConfig config;
  private final Clock clock;
  private EmbeddedPostgresServer embedded;
  private Database database;
  private SettlementSchedule settlement;
  private LabourStatementSchedule labourStatements;
  private EscalationSweep escalations;
  private FeedPublisher feedPublisher;
  private LabellingQueue queue;
  private Accounts accounts;
  private HttpApi http;
  private PrometheusMeterRegistry metrics;
  private ObjectStore auditStore;
  private Map<String, String> generatedTokens = Map.of();

  private LabellingService(ServiceConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  public static LabellingService start(ServiceConfig config) {
    return start(config, Clock.systemUTC());
  }

  /** With the clock that decides which day work belongs to and when a day has ended. */
  public static LabellingService start(ServiceConfig config, Clock clock) {
    LabellingService service = new LabellingService(config, clock);
    try {
      service.open();
      return service;
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
  }

  private void open() {
    String url;
    String user;
    String password;
    if (config.embeddedDatabase()) {
      embedded = EmbeddedPostgresServer.start(config.db().dataDir());
      url = embedded.jdbcUrl();
      user = embedded.user();
      password = "";
    } else {
      url = config.db().url().orElseThrow();
      user = config.db().user();
      password = config.db().password();
    }
    database = Database.open(url, user, password, config.db().poolSize());

    ObjectMapper mapper = Wire.mapper();
    metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    QueueDao queueDao = new QueueDao();
    FeedDao feedDao = new FeedDao();
    PayDao payDao = new PayDao();
    ServiceConfig.Gold goldConfig = config.gold();
    GoldPolicy gold =
        new GoldPolicy(goldConfig.rate(), goldConfig.minAnswers(), goldConfig.accuracyThreshold());

    ServiceConfig.Pay pay = config.pay();
    Ledger ledger =
        new Ledger(
            database.jdbi(),
            payDao,
            clock,
            pay.timeZone(),
            pay.currency(),
            new WageFloor(pay.minimumHourlyCents()));
    ledger.ensureRate(pay.pieceRateCents(), pay.currency());
    accounts = new Accounts(database.jdbi(), new AccountDao(), queueDao, new Tokens(), gold);
    generatedTokens =
        accounts.bootstrap(config.bootstrap().adminToken(), config.bootstrap().pipelineToken());
    ServiceConfig.Consensus consensus = config.consensus();
    TaskIntake intake =
        new TaskIntake(
            database.jdbi(),
            queueDao,
            mapper,
            consensus.defaultRequiredLabels(),
            consensus.maxLabels(),
            config.limits().intakeTasks(),
            metrics);
    queue =
        new LabellingQueue(
            database.jdbi(),
            queueDao,
            feedDao,
            payDao,
            mapper,
            config.lease().duration(),
            consensus.escalationWait(),
            new Consensus(consensus.escalationStep(), consensus.maxLabels()),
            gold,
            ledger,
            metrics);
    feedPublisher = new FeedPublisher(database.jdbi(), feedDao).start(FEED_PUBLISH_PERIOD);
    Feed feed = new Feed(database.jdbi(), feedDao, queueDao, feedPublisher);
    gauge(
        metrics,
        "handmade_queue_depth",
        "Tasks waiting for labels (open or escalated)",
        feed,
        f -> f.stats().open() + f.stats().escalated());
    gauge(metrics, "handmade_leases_active", "Live leases", feed, f -> f.stats().activeLeases());
    gauge(
        metrics,
        "handmade_feed_sequence",
        "Last sequence of the verified-label feed",
        feed,
        f -> f.stats().feedSequence());

    Pseudonyms pseudonyms = pseudonyms();
    Optional<LiveAudit> audit =
        config
            .auditStore()
            .map(
                storeConfig -> {
                  auditStore = ObjectStore.create(storeConfig);
                  return new LiveAudit(
                      auditStore, ledger, accounts, pseudonyms, LiveAudit.SNAPSHOT_TTL);
                });
    audit.ifPresentOrElse(
        a -> LOG.info("the auditor's page reads the audit log in {}", a.location()),
        () ->
            LOG.info(
                "audit.s3Endpoint is not set: the auditor's endpoints answer 503 and no labour "
                    + "statements are written"));
    labourStatements =
        audit
            .map(
                a ->
                    LabourStatementSchedule.start(
                        new LabourStatementPublisher(
                            auditStore, a::labour, ledger.zone(), ledger.clock())))
            .orElse(null);

    // the trainer publishes to the registry in the audit bucket, as the labour statements read it
    Contributions contributions =
        new Contributions(
            database.jdbi(),
            new ContributionDao(),
            ledger,
            Optional.ofNullable(auditStore)
                .map(store -> new TrainedFrames(new ModelRegistry(store))));

    ServiceConfig.Limits l = config.limits();
    HttpLimits limits =
        new HttpLimits(
            l.intakeBodyBytes(),
            l.bodyBytes(),
            l.concurrentRequests(),
            l.minBodyBytesPerSecond(),
            l.idleTimeout());
    http =
        new HttpApi(
                mapper,
                database.jdbi(),
                intake,
                queue,
                feed,
                accounts,
                ledger,
                metrics,
                limits,
                config.page().idleCutoff(),
                audit,
                pseudonyms,
                contributions)
            .start(config.http().host(), config.http().port());
    settlement = SettlementSchedule.start(ledger);
    escalations = EscalationSweep.start(queue, config.lease().duration());
  }

  private Pseudonyms pseudonyms() {
    return config
        .audit()
        .pseudonymKey()
        .map(Pseudonyms::withKey)
        .orElseGet(
            () -> {
              LOG.warn(
                  "audit.pseudonymKey is not set: generated a key for this run, so labellers' pseudonyms in "
                      + "audit reports and auditors' answers change when the service restarts");
              return Pseudonyms.random();
            });
  }

  private static <T> void gauge(
      PrometheusMeterRegistry metrics,
      String name,
      String description,
      T source,
      ToDoubleFunction<T> value) {
    // a scrape while the database is away reports NaN instead of failing the whole scrape
    Gauge.builder(
            name,
            source,
            s -> {
              try {
                return value.applyAsDouble(s);
              } catch (RuntimeException e) {
                return Double.NaN;
              }
            })
        .description(description)
        .register(metrics);
  }

  public int port() {
    return http.port();
  }

  /** Tokens generated on first start, by account name; empty on later starts. */
  public Map<String, String> generatedTokens() {
    return generatedTokens;
  }

  /** The queue itself, for callers in this process that measure it without HTTP (the bench). */
  public LabellingQueue queue() {
    return queue;
  }

  public Accounts accounts() {
    return accounts;
  }

  /** What {@code /metrics} serves, for callers in this process (the bench reads its HTTP timers). */
  public MeterRegistry metrics() {
    return metrics;
  }

  /** A database setting as the service's own sessions see it (synchronous_commit, fsync). */
  public String databaseSetting(String name) {
    return database.setting(name);
  }

  public Optional<String> embeddedJdbcUrl() {
    return Optional.ofNullable(embedded).map(EmbeddedPostgresServer::jdbcUrl);
  }

  @Override
  public void close() {
    if (http != null) {
      http.stop();
    }
    if (settlement != null) {
      settlement.close();
    }
    if (labourStatements != null) {
      labourStatements.close();
    }
    if (escalations != null) {
      escalations.close();
    }
    if (feedPublisher != null) {
      feedPublisher.close();
    }
    if (auditStore != null) {
      auditStore.close();
    }
    if (database != null) {
      database.close();
    }
    if (embedded != null) {
      embedded.close();
    }
  }
}
