package dev.handmade.labelling.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Every tunable of the labelling service, with its default and a description. */
public final class LabellingOptions {

    private LabellingOptions() {
    }

    public static final ConfigOption<String> HTTP_HOST = option("http.host", "0.0.0.0",
            "Address the HTTP server binds to.", Function.identity());
    public static final ConfigOption<Integer> HTTP_PORT = option("http.port", "8086",
            "HTTP port; 0 picks a free one.", Integer::parseInt);

    public static final ConfigOption<String> DB_URL = option("db.url", "",
            "JDBC URL of an external PostgreSQL; empty starts an embedded PostgreSQL on db.dataDir.", Function.identity());
    public static final ConfigOption<String> DB_USER = option("db.user", "postgres",
            "Database user of the external PostgreSQL.", Function.identity());
    public static final ConfigOption<String> DB_PASSWORD = option("db.password", "",
            "Database password of the external PostgreSQL.", Function.identity());
    public static final ConfigOption<String> DB_DATA_DIR = option("db.dataDir", "./data/labelling-db",
            "Data folder of the embedded PostgreSQL.", Function.identity());
    public static final ConfigOption<Integer> DB_POOL_SIZE = option("db.poolSize", "16",
            "Connections in the pool.", Integer::parseInt);

    public static final ConfigOption<Duration> LEASE_DURATION = option("lease.duration", "5m",
            "How long a labeller holds a task before it returns to the queue (e.g. 90s, 5m, 1500ms).",
            LabellingOptions::parseDuration);

    public static final ConfigOption<Integer> DEFAULT_REQUIRED_LABELS = option("consensus.defaultRequiredLabels", "1",
            "Distinct labellers a task needs when intake does not say.", Integer::parseInt);
    public static final ConfigOption<Integer> ESCALATION_STEP = option("consensus.escalationStep", "2",
            "Labellers added to a task whose answers do not reach a majority.", Integer::parseInt);
    public static final ConfigOption<Integer> MAX_LABELS = option("consensus.maxLabels", "5",
            "Most labellers a task gets; without a majority then, it ends unresolved.", Integer::parseInt);

    public static final ConfigOption<Duration> ESCALATION_WAIT = option("consensus.escalationWait", "15m",
            "An escalated task that too few labellers can still answer (each answers a task once; set-aside "
                    + "labellers are not served) ends unresolved after waiting this long for new labellers.",
            LabellingOptions::parseDuration);

    public static final ConfigOption<Double> GOLD_RATE = option("gold.rate", "0.1",
            "Share of a labeller's tasks that are gold tasks, while unseen gold tasks remain.", Double::parseDouble);
    public static final ConfigOption<Integer> GOLD_MIN_ANSWERS = option("gold.minAnswers", "5",
            "Gold answers needed before a labeller's accuracy is judged.", Integer::parseInt);
    public static final ConfigOption<Double> GOLD_ACCURACY_THRESHOLD = option("gold.accuracyThreshold", "0.7",
            "Gold accuracy below which a labeller's labels are set aside.", Double::parseDouble);

    public static final ConfigOption<Long> PAY_PIECE_RATE_CENTS = option("pay.pieceRateCents", "5",
            "Piece rate in cents put in force on first start, when no rate is recorded yet.", Long::parseLong);
    public static final ConfigOption<String> PAY_CURRENCY = option("pay.currency", "EUR",
            "Currency of the first piece rate.", Function.identity());
    public static final ConfigOption<String> PAY_TIME_ZONE = option("pay.timeZone", "UTC",
            "Time zone that decides which day a piece of work belongs to.", Function.identity());
    public static final ConfigOption<Long> PAY_MINIMUM_HOURLY_CENTS = option("pay.minimumHourlyCents", "0",
            "Minimum hourly wage in cents of pay.currency: an ended day that paid less per active hour gets a "
                    + "top-up to it; 0 sets no floor.", Long::parseLong);

    public static final ConfigOption<Duration> IDLE_CUTOFF = option("page.idleCutoff", "30s",
            "On the labeller's page, active time stops after this long without mouse or keyboard activity.",
            LabellingOptions::parseDuration);

    public static final ConfigOption<String> ADMIN_TOKEN = option("bootstrap.adminToken", "",
            "Token of the admin account created on first start; empty generates one and prints it once.",
            Function.identity());
    public static final ConfigOption<String> PIPELINE_TOKEN = option("bootstrap.pipelineToken", "",
            "Token of the pipeline account created on first start; empty generates one and prints it once.",
            Function.identity());

    public static final ConfigOption<String> AUDIT_S3_ENDPOINT = option("audit.s3Endpoint", "",
            "S3 or MinIO endpoint (http(s)://host:port) of the bucket with the audit log and the model registry, "
                    + "which the auditor's page reads; empty switches the auditor's endpoints off (they answer 503).",
            Function.identity());
    public static final ConfigOption<String> AUDIT_S3_BUCKET = option("audit.s3Bucket", "handmade",
            "Bucket of the audit log (under audit/) and the model registry (under models/).", Function.identity());
    public static final ConfigOption<String> AUDIT_S3_ACCESS_KEY = option("audit.s3AccessKey", "",
            "Access key for audit.s3Endpoint; reading is all the service does.", Function.identity());
    public static final ConfigOption<String> AUDIT_S3_SECRET_KEY = option("audit.s3SecretKey", "",
            "Secret key for audit.s3Endpoint.", Function.identity());
    public static final ConfigOption<String> AUDIT_PSEUDONYM_KEY = option("audit.pseudonymKey", "",
            "Key of the HMAC that turns labeller ids into pseudonyms in audit reports: the same key gives the same "
                    + "pseudonyms in every report; empty generates one at start, so pseudonyms change on restart.",
            Function.identity());

    public static final ConfigOption<Integer> INTAKE_MAX_BYTES = option("limits.intakeBodyBytes", "8388608",
            "Largest task-intake body accepted.", Integer::parseInt);
    public static final ConfigOption<Integer> MAX_BODY_BYTES = option("limits.bodyBytes", "65536",
            "Largest body accepted by every other endpoint.", Integer::parseInt);
    public static final ConfigOption<Integer> INTAKE_MAX_TASKS = option("limits.intakeTasks", "1000",
            "Most tasks in one intake batch.", Integer::parseInt);

    public static final ConfigOption<Integer> CONCURRENT_REQUESTS = option("limits.concurrentRequests", "8",
            "Requests of one account served at a time; more at once are answered 429.", Integer::parseInt);
    public static final ConfigOption<Integer> MIN_BODY_BYTES_PER_SECOND = option("limits.minBodyBytesPerSecond",
            "16", "A request body arriving slower than this is cut off with 408, so slow senders cannot hold "
                    + "the server's threads. Jetty measures from the body's first byte to each read, so a small "
                    + "body waiting for a busy thread counts as slow: a 40-byte answer has 40/rate seconds. "
                    + "At 1024 a loaded server answered legitimate requests 408.", Integer::parseInt);
    public static final ConfigOption<Duration> IDLE_TIMEOUT = option("limits.idleTimeout", "30s",
            "A connection silent for this long, between requests or within one, is closed.",
            LabellingOptions::parseDuration);

    public static final List<ConfigOption<?>> ALL = List.of(HTTP_HOST, HTTP_PORT, DB_URL, DB_USER, DB_PASSWORD,
            DB_DATA_DIR, DB_POOL_SIZE, LEASE_DURATION, DEFAULT_REQUIRED_LABELS, ESCALATION_STEP, MAX_LABELS,
            ESCALATION_WAIT,
            GOLD_RATE, GOLD_MIN_ANSWERS, GOLD_ACCURACY_THRESHOLD, PAY_PIECE_RATE_CENTS, PAY_CURRENCY,
            PAY_TIME_ZONE, PAY_MINIMUM_HOURLY_CENTS, IDLE_CUTOFF, ADMIN_TOKEN, PIPELINE_TOKEN, AUDIT_S3_ENDPOINT,
            AUDIT_S3_BUCKET, AUDIT_S3_ACCESS_KEY, AUDIT_S3_SECRET_KEY, AUDIT_PSEUDONYM_KEY, INTAKE_MAX_BYTES,
            MAX_BODY_BYTES, INTAKE_MAX_TASKS, CONCURRENT_REQUESTS, MIN_BODY_BYTES_PER_SECOND, IDLE_TIMEOUT);

    private static <T> ConfigOption<T> option(String key, String defaultValue, String description,
                                              Function<String, T> parser) {
        return new ConfigOption<>(key, defaultValue, description, parser);
    }

    /** "1500ms", "90s", "5m", "2h", or an ISO-8601 duration ("PT5M"). */
    static Duration parseDuration(String raw) {
        String s = raw.toLowerCase(Locale.ROOT);
        if (s.startsWith("pt")) {
            return Duration.parse(raw);
        }
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("expected a number with ms, s, m or h");
        };
    }
}
