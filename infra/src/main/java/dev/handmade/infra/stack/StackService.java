package dev.handmade.infra.stack;

import dev.handmade.labelling.LabellingService;
import dev.handmade.labelling.api.LabellingApiClient;
import dev.handmade.labelling.api.LabellingApiException;
import dev.handmade.labelling.config.ServiceConfig;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labelling service of the stack and the tokens to reach it: an external one as given, or one
 * started on its embedded PostgreSQL in the data folder with the stack's accounts, an auditor
 * among them, and the stack's bucket for its auditor's page.
 */
final class StackService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StackService.class);

  private final LabellingService service;
  private final String url;
  private final String adminToken;
  private final String pipelineToken;
  private final String auditorToken;

  private StackService(
      LabellingService service,
      String url,
      String adminToken,
      String pipelineToken,
      String auditorToken) {
    this.service = service;
    this.url = url;
    this.adminToken = adminToken;
    this.pipelineToken = pipelineToken;
    this.auditorToken = auditorToken;
  }

  static StackService start(StackSettings s, StackSecrets secrets, String s3Endpoint)
      throws Exception {
    if (s.externalService()) {
      if (s.pipelineToken() == null || s.pipelineToken().isBlank()) {
        throw new IllegalArgumentException(
            "an external labelling service needs its pipeline token");
      }
      return new StackService(
          null, s.labellingUrl().replaceAll("/+$", ""), s.adminToken(), s.pipelineToken(), null);
    }
    String admin = secrets.get(StackSecrets.ADMIN);
    String pipeline = secrets.get(StackSecrets.PIPELINE);
    LabellingService service =
        LabellingService.start(
            ServiceConfig.builder()
                .set("http.host", "127.0.0.1")
                .set("http.port", s.port())
                .set("db.dataDir", s.labellingDb())
                .set("bootstrap.adminToken", admin)
                .set("bootstrap.pipelineToken", pipeline)
                // gold tasks need a pool of frames with known answers, which the simulated stack
                // does not load
                .set("gold.rate", 0)
                // the auditor's page reads the audit log and the registry the job writes
                .set("audit.s3Endpoint", s3Endpoint)
                .set("audit.s3Bucket", s.s3Bucket())
                .set("audit.s3AccessKey", s.s3AccessKey())
                .set("audit.s3SecretKey", s.s3SecretKey())
                .set("audit.pseudonymKey", secrets.get(StackSecrets.PSEUDONYM_KEY))
                .build());
    try {
      String url = "http://127.0.0.1:" + service.port();
      // report and verify find the service here, as they find its auditor token
      secrets.put(StackSecrets.LABELLING_URL, url);
      String auditor = auditorToken(secrets, url, admin);
      LOG.info(
          "auditor's page: {}/auditor.html (the auditor token is '{}' in {})",
          url,
          StackSecrets.AUDITOR,
          secrets.file());
      return new StackService(service, url, admin, pipeline, auditor);
    } catch (Exception | Error e) {
      LocalStack.closeQuietly(service);
      throw e;
    }
  }

  /**
   * The stack's auditor token, so that {@code handmade up} serves a working auditor's page: an
   * account made through the admin API on the first start that has none, its token kept with the
   * others. Null, with a warning, when the service refuses.
   */
  private static String auditorToken(StackSecrets secrets, String url, String adminToken)
      throws IOException, InterruptedException {
    String known = secrets.get(StackSecrets.AUDITOR);
    if (known != null) {
      return known;
    }
    String token;
    try {
      token =
          LabellingApiClient.builder()
              .baseUrl(url)
              .token(adminToken)
              .build()
              .createAccount(StackSecrets.AUDITOR, "auditor")
              .token();
    } catch (LabellingApiException e) {
      if (!e.refused()) {
        throw e;
      }
      LOG.warn("no auditor account for the auditor's page: {}", e.getMessage());
      return null;
    }
    secrets.put(StackSecrets.AUDITOR, token);
    return token;
  }

  String url() {
    return url;
  }

  String adminToken() {
    return adminToken;
  }

  String pipelineToken() {
    return pipelineToken;
  }

  /** Null with an external service, or when the service refused to make the account. */
  String auditorToken() {
    return auditorToken;
  }

  @Override
  public void close() {
    LocalStack.closeQuietly(service);
  }
}
