package dev.handmade.infra.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flink configuration of the S3 file system plugin ({@code flink-s3-fs-presto}) for an
 * S3-compatible server such as MinIO: endpoint, keys, and path-style addressing, which MinIO and
 * S3Proxy need. Checkpoints then go to {@code s3://bucket/...}.
 */
public final class S3FileSystemConfig {

  private S3FileSystemConfig() {}

  public static Map<String, String> of(String endpoint, String accessKey, String secretKey) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("s3.endpoint", endpoint);
    c.put("s3.access-key", accessKey);
    c.put("s3.secret-key", secretKey);
    c.put("s3.path.style.access", "true");
    c.put("s3.ssl.enabled", Boolean.toString(endpoint.startsWith("https://")));
    return c;
  }
}
