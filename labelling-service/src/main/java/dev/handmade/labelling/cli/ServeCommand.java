package dev.handmade.labelling.cli;

import dev.handmade.labelling.LabellingService;
import dev.handmade.labelling.config.ConfigException;
import dev.handmade.labelling.config.ServiceConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serve the API, the labeller's page and, with audit.s3Endpoint, the auditor's page. Without "
            + "--db-url, starts an embedded PostgreSQL on --data-dir.")
public final class ServeCommand implements Callable<Integer> {

  @Option(names = "--config", description = "YAML configuration file.")
  Path configFile;

  @Option(names = "--port", description = "HTTP port (default 8086; 0 picks a free one).")
  Integer port;

  @Option(names = "--db-url", description = "JDBC URL of an external PostgreSQL.")
  String dbUrl;

  @Option(names = "--db-user", description = "User of the external PostgreSQL.")
  String dbUser;

  @Option(names = "--db-password", description = "Password of the external PostgreSQL.")
  String dbPassword;

  @Option(
      names = "--data-dir",
      description = "Data folder of the embedded PostgreSQL (default ./data/labelling-db).")
  Path dataDir;

  @Override
  public Integer call() throws InterruptedException {
    ServiceConfig config;
    try {
      config = config();
    } catch (ConfigException e) {
      System.err.println("configuration: " + e.getMessage());
      return 2;
    }
    LabellingService service = LabellingService.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  stopped.countDown();
                },
                "labelling-shutdown"));
    service
        .generatedTokens()
        .forEach(
            (account, token) ->
                System.out.println(
                    "Created account '"
                        + account
                        + "' with token "
                        + token
                        + "  (shown once; only its hash is stored)"));
    System.out.println(
        "Labelling service listening on port "
            + service.port()
            + (config.embeddedDatabase()
                ? " (embedded PostgreSQL in " + config.db().dataDir() + ")"
                : ""));
    System.out.println("Labeller's page: http://localhost:" + service.port() + "/labeller.html");
    if (config.auditStore().isPresent()) {
      System.out.println("Auditor's page: http://localhost:" + service.port() + "/auditor.html");
    }
    stopped.await();
    return 0;
  }

  ServiceConfig config() {
    ServiceConfig.Builder builder = ServiceConfig.builder();
    if (configFile != null) {
      builder.file(configFile);
    }
    builder.environment(System.getenv());
    if (port != null) {
      builder.set("http.port", port);
    }
    if (dbUrl != null) {
      builder.set("db.url", dbUrl);
    }
    if (dbUser != null) {
      builder.set("db.user", dbUser);
    }
    if (dbPassword != null) {
      builder.set("db.password", dbPassword);
    }
    if (dataDir != null) {
      builder.set("db.dataDir", dataDir);
    }
    return builder.build();
  }
}
