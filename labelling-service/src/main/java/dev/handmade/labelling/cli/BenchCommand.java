package dev.handmade.labelling.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.labelling.LabellingService;
import dev.handmade.labelling.config.LabellingOptions;
import dev.handmade.labelling.config.ServiceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Lease + answer round trips per second, and their latency, at several numbers of concurrent
 * labellers, over HTTP against a service on PostgreSQL. Runs on a fresh database: a new one on
 * the server of --db-url, or a fresh embedded PostgreSQL; both are removed afterwards.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure lease+answer round trips per second and p50/p99 latency at 1, 16 and 64 labellers.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--db-url", description = "JDBC URL of a PostgreSQL server; the bench creates and drops "
            + "its own database there. Without it, an embedded PostgreSQL in a temporary folder.")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "postgres")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "")
    String dbPassword;

    @Option(names = "--labellers", split = ",", defaultValue = "1,16,64",
            description = "Concurrency levels (default 1,16,64).")
    int[] levels;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per level (default 10).")
    int seconds;

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Override
    public Integer call() throws Exception {
        String admin = "bench-admin-" + UUID.randomUUID();
        String pipeline = "bench-pipeline-" + UUID.randomUUID();
        ServiceConfig.Builder config = ServiceConfig.builder()
                .set(LabellingOptions.HTTP_PORT, 0)
                .set(LabellingOptions.GOLD_RATE, 0)
                .set(LabellingOptions.DB_POOL_SIZE, 24)
                .set(LabellingOptions.ADMIN_TOKEN, admin)
                .set(LabellingOptions.PIPELINE_TOKEN, pipeline);
        String database = null;
        Path tempDir = null;
        if (dbUrl != null) {
            database = "handmade_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            execute(dbUrl, "create database " + database);
            config.set(LabellingOptions.DB_URL, withDatabase(dbUrl, database))
                    .set(LabellingOptions.DB_USER, dbUser).set(LabellingOptions.DB_PASSWORD, dbPassword);
        } else {
            tempDir = Files.createTempDirectory("handmade-bench");
            config.set(LabellingOptions.DB_DATA_DIR, tempDir.resolve("db"));
        }
        try (LabellingService service = LabellingService.start(config.build())) {
            String base = "http://127.0.0.1:" + service.port();
            System.out.printf(Locale.ROOT, "%-10s %12s %10s %10s %10s%n", "labellers", "round trips", "per second",
                    "p50 ms", "p99 ms");
            int level = 0;
            for (int labellers : levels) {
                run(base, admin, pipeline, labellers, "b" + (level++));
            }
        } finally {
            if (database != null) {
                execute(dbUrl, "drop database if exists " + database + " with (force)");
            }
            if (tempDir != null) {
                try (Stream<Path> files = Files.walk(tempDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }

    private void run(String base, String admin, String pipeline, int labellers, String prefix) throws Exception {
        // enough tasks that the queue never runs dry during the measured window
        int tasks = Math.max(2000, labellers * 600);
        String pixels = Base64.getEncoder().encodeToString(new byte[8 * 8 * 3]);
        for (int from = 0; from < tasks; from += 500) {
            StringBuilder batch = new StringBuilder("{\"tasks\":[");
            for (int i = from; i < Math.min(tasks, from + 500); i++) {
                if (i > from) {
                    batch.append(',');
                }
                batch.append("{\"frameId\":\"").append(prefix).append("-").append(i)
                        .append("\",\"kind\":\"uncertain\",\"priority\":").append(i % 97)
                        .append(",\"frame\":{\"camera\":{\"width\":8,\"height\":8,\"rgbBase64\":\"").append(pixels)
                        .append("\"},\"lidar\":[[1,2,0.5,0.3],[1.2,2.1,0.7,0.4]]}}");
            }
            send("POST", base + "/api/tasks", pipeline, batch.append("]}").toString());
        }
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < labellers; i++) {
            JsonNode account = mapper.readTree(send("POST", base + "/api/accounts", admin,
                    "{\"name\":\"" + prefix + "-labeller-" + i + "\",\"role\":\"labeller\"}").body());
            tokens.add(account.get("token").asText());
        }
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(labellers);
        List<Future<long[]>> results = new ArrayList<>();
        for (String token : tokens) {
            results.add(pool.submit(() -> labeller(base, token, deadline)));
        }
        List<Long> latencies = new ArrayList<>();
        for (Future<long[]> f : results) {
            for (long l : f.get()) {
                latencies.add(l);
            }
        }
        pool.shutdown();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-10d %12d %10.1f %10.2f %10.2f%n", labellers, sorted.length,
                sorted.length / (double) seconds, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6);
    }

    /** One labeller: lease, answer, repeat until the deadline; returns each round trip's nanoseconds. */
    private long[] labeller(String base, String token, long deadline) throws IOException, InterruptedException {
        long[] times = new long[1 << 16];
        int n = 0;
        while (System.nanoTime() < deadline && n < times.length) {
            long start = System.nanoTime();
            HttpResponse<String> lease = send("POST", base + "/api/leases", token, "");
            if (lease.statusCode() == 204) {
                break;
            }
            long leaseId = mapper.readTree(lease.body()).get("leaseId").asLong();
            send("POST", base + "/api/leases/" + leaseId + "/answer", token, "{\"answer\":\"car\",\"activeMillis\":1500}");
            times[n++] = System.nanoTime() - start;
        }
        return Arrays.copyOf(times, n);
    }

    private HttpResponse<String> send(String method, String url, String token, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    private void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, dbUser, dbPassword); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The same server with another database: jdbc:postgresql://host:port/db?params. */
    static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String head = query < 0 ? url : url.substring(0, query);
        String tail = query < 0 ? "" : url.substring(query);
        int slash = head.lastIndexOf('/');
        if (slash < "jdbc:postgresql://".length()) {
            return head + "/" + database + tail;
        }
        return head.substring(0, slash + 1) + database + tail;
    }
}
