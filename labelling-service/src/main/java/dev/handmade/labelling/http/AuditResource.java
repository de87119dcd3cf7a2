package dev.handmade.labelling.http;

import dev.handmade.audit.render.ReportHtml;
import dev.handmade.audit.render.ReportJson;
import dev.handmade.labelling.core.LiveAudit;
import dev.handmade.labelling.core.Rejection;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import java.util.Optional;

/**
 * The auditor's view: the audit report of current data (JSON or self-contained HTML) and the
 * provenance of one frame. Times are ISO-8601 text here, as in the audit module's exports.
 */
final class AuditResource {

  private final Optional<LiveAudit> audit;

  AuditResource(Optional<LiveAudit> audit) {
    this.audit = audit;
  }

  /** {@code ?format=json} (the default) or {@code html}. */
  void report(Context ctx) {
    String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
    switch (format) {
      case "json" ->
          ctx.contentType("application/json").result(ReportJson.toJson(audit().report()));
      case "html" -> reportHtml(ctx);
      default -> throw Rejection.badInput("format", "one of json, html");
    }
  }

  void reportHtml(Context ctx) {
    ctx.contentType("text/html; charset=utf-8").result(ReportHtml.render(audit().report()));
  }

  void frame(Context ctx) {
    String frameId = ctx.pathParam("frameId");
    var provenance =
        audit()
            .provenance(frameId)
            .orElseThrow(
                () ->
                    Rejection.notFound(
                        "frameId", "the audit log knows nothing of frame '" + frameId + "'"));
    ctx.contentType("application/json").result(ReportJson.toJson(provenance));
  }

  private LiveAudit audit() {
    return audit.orElseThrow(
        () ->
            new ServiceUnavailableResponse(
                "the audit log is not configured: start the service with audit.s3Endpoint, audit.s3Bucket, "
                    + "audit.s3AccessKey and audit.s3SecretKey"));
  }
}
