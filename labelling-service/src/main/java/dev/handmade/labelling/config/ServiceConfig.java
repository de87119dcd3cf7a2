package dev.handmade.labelling.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handmade.storage.ObjectStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated configuration of one service instance, one record per section of the YAML file.
 * Values come, each overriding the one before: the defaults ({@code defaults.yaml} beside this
 * class, which also lists every key), the YAML file, the HANDMADE_* environment, then explicit
 * overrides (command-line options, tests). Jackson binds them ({@link ConfigBinding});
 * {@link #validate()} checks the ranges, all in one place.
 */
public record ServiceConfig(
    Http http,
    Db db,
    Lease lease,
    Consensus consensus,
    Gold gold,
    Pay pay,
    Page page,
    Bootstrap bootstrap,
    Audit audit,
    Limits limits) {

  public record Http(String host, int port) {}

  /** An empty {@code url} starts an embedded PostgreSQL on {@code dataDir}. */
  public record Db(
      Optional<String> url, String user, String password, Path dataDir, int poolSize) {}

  public record Lease(Duration duration) {}

  public record Consensus(
      int defaultRequiredLabels, int escalationStep, int maxLabels, Duration escalationWait) {}

  public record Gold(double rate, int minAnswers, double accuracyThreshold) {}

  public record Pay(
      long pieceRateCents, String currency, ZoneId timeZone, long minimumHourlyCents) {}

  public record Page(Duration idleCutoff) {}

  public record Bootstrap(Optional<String> adminToken, Optional<String> pipelineToken) {}

  /** An empty {@code s3Endpoint} switches the auditor's endpoints off. */
  public record Audit(
      Optional<String> s3Endpoint,
      String s3Bucket,
      String s3AccessKey,
      String s3SecretKey,
      Optional<String> pseudonymKey) {}

  public record Limits(
      int intakeBodyBytes,
      int bodyBytes,
      int intakeTasks,
      int concurrentRequests,
      int minBodyBytesPerSecond,
      Duration idleTimeout) {}

  public static ServiceConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every key a file, the environment or {@link Builder#set} may give, dotted ({@code lease.duration}). */
  public static List<String> keys() {
    return ConfigBinding.KEYS;
  }

  /** The environment variable of a key: {@code consensus.maxLabels} is HANDMADE_CONSENSUS_MAX_LABELS. */
  public static String environmentVariable(String key) {
    return ConfigBinding.environmentVariable(key);
  }

  /**
   * Collects the layers; {@link #build()} merges them in their fixed order (file, environment,
   * explicit values), whatever order they were given in, then binds and checks the result.
   */
  public static final class Builder {
    private final List<ObjectNode> files = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> explicit = new LinkedHashMap<>();

    private Builder() {}

    /** Reads a YAML file of nested sections (http: {port: 8086}); unknown keys are errors. */
    public Builder file(Path file) {
      files.add(ConfigBinding.readFile(file));
      return this;
    }

    /** Takes every HANDMADE_* variable that names a key; others are ignored. */
    public Builder environment(Map<String, String> env) {
      environment.putAll(ConfigBinding.fromEnvironment(env));
      return this;
    }

    /** An explicit value (a command-line option, a test's setting), over file and environment. */
    public Builder set(String key, Object value) {
      if (!keys().contains(key)) {
        throw new ConfigException(key, "unknown option");
      }
      explicit.put(key, String.valueOf(value));
      return this;
    }

    public ServiceConfig build() {
      List<ObjectNode> layers = new ArrayList<>(files);
      layers.add(ConfigBinding.tree(environment));
      layers.add(ConfigBinding.tree(explicit));
      ServiceConfig config = ConfigBinding.bind(layers);
      config.validate();
      return config;
    }
  }

  private void validate() {
    check("http.port", http.port >= 0 && http.port <= 65535, "must be 0..65535");
    check("db.poolSize", db.poolSize >= 1 && db.poolSize <= 200, "must be 1..200");
    check(
        "lease.duration",
        !lease.duration.isNegative() && lease.duration.toMillis() >= 100,
        "must be at least 100ms");
    int maxLabels = consensus.maxLabels;
    check(
        "consensus.defaultRequiredLabels",
        consensus.defaultRequiredLabels >= 1 && consensus.defaultRequiredLabels <= maxLabels,
        "must be 1.." + maxLabels + " (consensus.maxLabels)");
    check("consensus.escalationStep", consensus.escalationStep >= 1, "must be at least 1");
    check("consensus.maxLabels", maxLabels >= 1 && maxLabels <= 25, "must be 1..25");
    check(
        "consensus.escalationWait", !consensus.escalationWait.isNegative(), "must not be negative");
    check("gold.rate", gold.rate >= 0 && gold.rate <= 1, "must be 0..1");
    check("gold.minAnswers", gold.minAnswers >= 1, "must be at least 1");
    check(
        "gold.accuracyThreshold",
        gold.accuracyThreshold >= 0 && gold.accuracyThreshold <= 1,
        "must be 0..1");
    check("pay.pieceRateCents", pay.pieceRateCents >= 0, "must not be negative");
    check(
        "pay.minimumHourlyCents",
        pay.minimumHourlyCents >= 0 && pay.minimumHourlyCents <= 1_000_000,
        "must be 0..1000000");
    check("pay.currency", isCurrency(pay.currency), "must be an ISO 4217 code");
    check("page.idleCutoff", page.idleCutoff.toMillis() >= 1000, "must be at least 1s");
    check(
        "bootstrap.adminToken", atLeast16(bootstrap.adminToken), "must be at least 16 characters");
    check(
        "bootstrap.pipelineToken",
        atLeast16(bootstrap.pipelineToken),
        "must be at least 16 characters");
    check(
        "audit.s3Endpoint",
        audit.s3Endpoint.map(ObjectStoreConfig::endpointProblem).isEmpty(),
        "must be http(s)://host[:port], without a path");
    check(
        "audit.s3Bucket",
        ObjectStoreConfig.isBucketName(audit.s3Bucket),
        "must be an S3 bucket name: 3 to 63 of lower-case letters, digits, '.', '-'");
    check(
        "audit.s3AccessKey",
        audit.s3Endpoint.isEmpty() || !audit.s3AccessKey.isBlank(),
        "required with audit.s3Endpoint");
    check(
        "audit.s3SecretKey",
        audit.s3Endpoint.isEmpty() || !audit.s3SecretKey.isBlank(),
        "required with audit.s3Endpoint");
    check("audit.pseudonymKey", atLeast16(audit.pseudonymKey), "must be at least 16 characters");
    check("limits.intakeBodyBytes", limits.intakeBodyBytes >= 1024, "must be at least 1024");
    check(
        "limits.bodyBytes",
        limits.bodyBytes >= 1024 && limits.bodyBytes <= limits.intakeBodyBytes,
        "must be 1024..limits.intakeBodyBytes");
    check("limits.intakeTasks", limits.intakeTasks >= 1, "must be at least 1");
    check(
        "limits.concurrentRequests",
        limits.concurrentRequests >= 1 && limits.concurrentRequests <= 1000,
        "must be 1..1000");
    check(
        "limits.minBodyBytesPerSecond",
        limits.minBodyBytesPerSecond >= 0,
        "must not be negative (0: no minimum)");
    check("limits.idleTimeout", limits.idleTimeout.toMillis() >= 1000, "must be at least 1s");
  }

  private static boolean atLeast16(Optional<String> secret) {
    return secret.map(s -> s.length() >= 16).orElse(true);
  }

  private static boolean isCurrency(String code) {
    try {
      Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void check(String key, boolean ok, String message) {
    if (!ok) {
      throw new ConfigException(key, message);
    }
  }

  public boolean embeddedDatabase() {
    return db.url.isEmpty();
  }

  /** Where the audit log and the model registry are read; empty when the auditor's endpoints are off. */
  public Optional<ObjectStoreConfig> auditStore() {
    return audit.s3Endpoint.map(
        endpoint ->
            new ObjectStoreConfig(
                endpoint, audit.s3AccessKey, audit.s3SecretKey, audit.s3Bucket, null, null, null));
  }
}
