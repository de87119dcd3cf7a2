package dev.handmade.labelling.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.storage.ObjectStoreConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the auditor's page reads the audit log: off by default, and checked key by key when on. */
class AuditConfigTest {

  @Test
  void theAuditLogIsOffByDefault() {
    ServiceConfig config = ServiceConfig.defaults();
    assertThat(config.auditStore()).isEmpty();
    assertThat(config.audit().s3Bucket()).isEqualTo("handmade");
    assertThat(config.audit().pseudonymKey()).isEmpty();
  }

  @Test
  void theEnvironmentPointsTheServiceAtABucket() {
    assertThat(ServiceConfig.environmentVariable("audit.s3Endpoint"))
        .isEqualTo("HANDMADE_AUDIT_S3_ENDPOINT");
    assertThat(ServiceConfig.environmentVariable("audit.pseudonymKey"))
        .isEqualTo("HANDMADE_AUDIT_PSEUDONYM_KEY");
    ServiceConfig config =
        ServiceConfig.builder()
            .environment(
                Map.of(
                    "HANDMADE_AUDIT_S3_ENDPOINT", "http://minio:9000",
                    "HANDMADE_AUDIT_S3_BUCKET", "fleet-audit",
                    "HANDMADE_AUDIT_S3_ACCESS_KEY", "reader",
                    "HANDMADE_AUDIT_S3_SECRET_KEY", "reader-secret",
                    "HANDMADE_AUDIT_PSEUDONYM_KEY", "a-key-kept-for-years"))
            .build();
    ObjectStoreConfig store = config.auditStore().orElseThrow();
    assertThat(store.endpoint()).isEqualTo("http://minio:9000");
    assertThat(store.bucket()).isEqualTo("fleet-audit");
    assertThat(store.accessKey()).isEqualTo("reader");
    assertThat(config.audit().pseudonymKey()).contains("a-key-kept-for-years");
  }

  @Test
  void badSettingsNameTheirKey() {
    assertThatThrownBy(
            () -> ServiceConfig.builder().set("audit.s3Endpoint", "http://minio:9000").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("audit.s3AccessKey");
    assertThatThrownBy(() -> endpoint("minio:9000").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("audit.s3Endpoint");
    assertThatThrownBy(() -> endpoint("http://minio:9000/handmade").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("audit.s3Endpoint");
    assertThatThrownBy(
            () -> endpoint("http://minio:9000").set("audit.s3Bucket", "Fleet_Audit").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("audit.s3Bucket");
    assertThatThrownBy(() -> ServiceConfig.builder().set("audit.pseudonymKey", "short").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("audit.pseudonymKey");
  }

  private static ServiceConfig.Builder endpoint(String endpoint) {
    return ServiceConfig.builder()
        .set("audit.s3Endpoint", endpoint)
        .set("audit.s3AccessKey", "reader")
        .set("audit.s3SecretKey", "reader-secret");
  }
}
