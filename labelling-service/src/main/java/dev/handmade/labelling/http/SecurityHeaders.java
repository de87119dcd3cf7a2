package dev.handmade.labelling.http;

import java.util.function.BiConsumer;

/**
 * Headers on every answer. Pages may load only from this origin (styles inline too: the audit
 * report is one self-contained HTML file with a style block) and may not be framed; API answers
 * load nothing and are never stored by a cache, since they carry tokens' views of pay and people.
 */
final class SecurityHeaders {

  static final String PAGE_POLICY =
      "default-src 'self'; img-src 'self' data: blob:; "
          + "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; "
          + "frame-ancestors 'none'";
  static final String API_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; " + "frame-ancestors 'none'";

  private SecurityHeaders() {}

  static void page(BiConsumer<String, String> header) {
    common(header);
    header.accept("Content-Security-Policy", PAGE_POLICY);
  }

  static void api(BiConsumer<String, String> header) {
    common(header);
    header.accept("Content-Security-Policy", API_POLICY);
    header.accept("Cache-Control", "no-store");
  }

  private static void common(BiConsumer<String, String> header) {
    header.accept("X-Content-Type-Options", "nosniff");
    header.accept("Referrer-Policy", "no-referrer");
    header.accept("X-Frame-Options", "DENY");
  }
}
