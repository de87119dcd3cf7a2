package dev.handmade.labelling.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.handmade.storage.ObjectStoreConfig;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.handmade.labelling.config.LabellingOptions.*;

/**
 * The validated configuration of one service instance. Values come, each overriding the one
 * before: the defaults, the YAML file, the HANDMADE_* environment, then explicit overrides
 * (command-line options, tests).
 */
public record ServiceConfig(
        String httpHost,
        int httpPort,
        Optional<String> dbUrl,
        String dbUser,
        String dbPassword,
        Path dbDataDir,
        int dbPoolSize,
        Duration leaseDuration,
        int defaultRequiredLabels,
        int escalationStep,
        int maxLabels,
        Duration escalationWait,
        double goldRate,
        int goldMinAnswers,
        double goldAccuracyThreshold,
        long pieceRateCents,
        String currency,
        ZoneId timeZone,
        long minimumHourlyCents,
        Duration idleCutoff,
        Optional<String> adminToken,
        Optional<String> pipelineToken,
        Optional<String> auditS3Endpoint,
        String auditS3Bucket,
        String auditS3AccessKey,
        String auditS3SecretKey,
        Optional<String> pseudonymKey,
        int intakeMaxBytes,
        int maxBodyBytes,
        int intakeMaxTasks,
        int concurrentRequests,
        int minBodyBytesPerSecond,
        Duration idleTimeout) {

    // S3's bucket naming rules, as the object store client checks them
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public static ServiceConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects raw values by key, then {@link #build()} parses and checks them all. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();

        private Builder() {
            for (ConfigOption<?> option : ALL) {
                values.put(option.key(), option.defaultValue());
            }
        }

        /** Reads a YAML file of nested sections (http: {port: 8086}); unknown keys are errors. */
        public Builder file(Path file) {
            JsonNode root;
            try {
                root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new ConfigException("config file", "cannot read " + file + ": " + e.getMessage());
            }
            if (root == null || root.isMissingNode() || root.isNull()) {
                return this;
            }
            if (!root.isObject()) {
                throw new ConfigException("config file", file + " must hold a mapping of sections");
            }
            flatten("", root);
            return this;
        }

        private void flatten(String prefix, JsonNode node) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                if (field.getValue().isObject()) {
                    flatten(key, field.getValue());
                } else if (field.getValue().isValueNode()) {
                    set(key, field.getValue().isNull() ? "" : field.getValue().asText());
                } else {
                    throw new ConfigException(key, "expected a single value");
                }
            }
        }

        /** Applies every HANDMADE_* variable that names an option. */
        public Builder environment(Map<String, String> env) {
            for (ConfigOption<?> option : ALL) {
                String value = env.get(option.environmentVariable());
                if (value != null) {
                    values.put(option.key(), value);
                }
            }
            return this;
        }

        public Builder set(String key, String value) {
            if (!values.containsKey(key)) {
                throw new ConfigException(key, "unknown option");
            }
            values.put(key, value);
            return this;
        }

        public <T> Builder set(ConfigOption<T> option, Object value) {
            return set(option.key(), String.valueOf(value));
        }

        public ServiceConfig build() {
            ServiceConfig config = new ServiceConfig(
                    get(HTTP_HOST), get(HTTP_PORT), nonEmpty(get(DB_URL)), get(DB_USER), get(DB_PASSWORD),
                    Path.of(get(DB_DATA_DIR)), get(DB_POOL_SIZE), get(LEASE_DURATION),
                    get(DEFAULT_REQUIRED_LABELS), get(ESCALATION_STEP), get(MAX_LABELS),
                    get(ESCALATION_WAIT),
                    get(GOLD_RATE), get(GOLD_MIN_ANSWERS), get(GOLD_ACCURACY_THRESHOLD),
                    get(PAY_PIECE_RATE_CENTS), get(PAY_CURRENCY), parseZone(get(PAY_TIME_ZONE)),
                    get(PAY_MINIMUM_HOURLY_CENTS), get(IDLE_CUTOFF), nonEmpty(get(ADMIN_TOKEN)),
                    nonEmpty(get(PIPELINE_TOKEN)), nonEmpty(get(AUDIT_S3_ENDPOINT)), get(AUDIT_S3_BUCKET),
                    get(AUDIT_S3_ACCESS_KEY), get(AUDIT_S3_SECRET_KEY), nonEmpty(get(AUDIT_PSEUDONYM_KEY)),
                    get(INTAKE_MAX_BYTES), get(MAX_BODY_BYTES), get(INTAKE_MAX_TASKS),
                    get(CONCURRENT_REQUESTS), get(MIN_BODY_BYTES_PER_SECOND), get(IDLE_TIMEOUT));
            config.validate();
            return config;
        }

        private <T> T get(ConfigOption<T> option) {
            return option.parse(values.get(option.key()));
        }

        private static Optional<String> nonEmpty(String s) {
            return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
        }

        private static ZoneId parseZone(String zone) {
            try {
                return ZoneId.of(zone);
            } catch (RuntimeException e) {
                throw new ConfigException(PAY_TIME_ZONE.key(), "unknown time zone '" + zone + "'");
            }
        }
    }

    private void validate() {
        check(HTTP_PORT, httpPort >= 0 && httpPort <= 65535, "must be 0..65535");
        check(DB_POOL_SIZE, dbPoolSize >= 1 && dbPoolSize <= 200, "must be 1..200");
        check(LEASE_DURATION, !leaseDuration.isNegative() && leaseDuration.toMillis() >= 100,
                "must be at least 100ms");
        check(DEFAULT_REQUIRED_LABELS, defaultRequiredLabels >= 1 && defaultRequiredLabels <= maxLabels,
                "must be 1.." + maxLabels + " (consensus.maxLabels)");
        check(ESCALATION_STEP, escalationStep >= 1, "must be at least 1");
        check(MAX_LABELS, maxLabels >= 1 && maxLabels <= 25, "must be 1..25");
        check(ESCALATION_WAIT, !escalationWait.isNegative(), "must not be negative");
        check(GOLD_RATE, goldRate >= 0 && goldRate <= 1, "must be 0..1");
        check(GOLD_MIN_ANSWERS, goldMinAnswers >= 1, "must be at least 1");
        check(GOLD_ACCURACY_THRESHOLD, goldAccuracyThreshold >= 0 && goldAccuracyThreshold <= 1, "must be 0..1");
        check(PAY_PIECE_RATE_CENTS, pieceRateCents >= 0, "must not be negative");
        check(PAY_MINIMUM_HOURLY_CENTS, minimumHourlyCents >= 0 && minimumHourlyCents <= 1_000_000,
                "must be 0..1000000");
        check(PAY_CURRENCY, isCurrency(currency), "must be an ISO 4217 code");
        check(IDLE_CUTOFF, idleCutoff.toMillis() >= 1000, "must be at least 1s");
        check(ADMIN_TOKEN, adminToken.map(t -> t.length() >= 16).orElse(true), "must be at least 16 characters");
        check(PIPELINE_TOKEN, pipelineToken.map(t -> t.length() >= 16).orElse(true),
                "must be at least 16 characters");
        check(AUDIT_S3_ENDPOINT, auditS3Endpoint.map(ServiceConfig::isEndpoint).orElse(true),
                "must be http(s)://host[:port], without a path");
        check(AUDIT_S3_BUCKET, BUCKET.matcher(auditS3Bucket).matches(),
                "must be an S3 bucket name: 3 to 63 of lower-case letters, digits, '.', '-'");
        check(AUDIT_S3_ACCESS_KEY, auditS3Endpoint.isEmpty() || !auditS3AccessKey.isBlank(),
                "required with audit.s3Endpoint");
        check(AUDIT_S3_SECRET_KEY, auditS3Endpoint.isEmpty() || !auditS3SecretKey.isBlank(),
                "required with audit.s3Endpoint");
        check(AUDIT_PSEUDONYM_KEY, pseudonymKey.map(k -> k.length() >= 16).orElse(true),
                "must be at least 16 characters");
        check(INTAKE_MAX_BYTES, intakeMaxBytes >= 1024, "must be at least 1024");
        check(MAX_BODY_BYTES, maxBodyBytes >= 1024 && maxBodyBytes <= intakeMaxBytes,
                "must be 1024..limits.intakeBodyBytes");
        check(INTAKE_MAX_TASKS, intakeMaxTasks >= 1, "must be at least 1");
        check(CONCURRENT_REQUESTS, concurrentRequests >= 1 && concurrentRequests <= 1000, "must be 1..1000");
        check(MIN_BODY_BYTES_PER_SECOND, minBodyBytesPerSecond >= 0, "must not be negative (0: no minimum)");
        check(IDLE_TIMEOUT, idleTimeout.toMillis() >= 1000, "must be at least 1s");
    }

    /** An absolute http or https URL with a host and no path, as the object store client wants it. */
    private static boolean isEndpoint(String url) {
        try {
            URI uri = new URI(url);
            String path = uri.getRawPath();
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && (path == null || path.isEmpty() || path.equals("/")) && uri.getRawQuery() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void check(ConfigOption<?> option, boolean ok, String message) {
        if (!ok) {
            throw new ConfigException(option.key(), message);
        }
    }

    public boolean embeddedDatabase() {
        return dbUrl.isEmpty();
    }

    /** Where the audit log and the model registry are read; empty when the auditor's endpoints are off. */
    public Optional<ObjectStoreConfig> auditStore() {
        return auditS3Endpoint.map(endpoint -> new ObjectStoreConfig(endpoint, auditS3AccessKey, auditS3SecretKey,
                auditS3Bucket, null, null, null));
    }
}
