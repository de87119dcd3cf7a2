package dev.handmade.labelling.http;

import static dev.handmade.labelling.auth.Role.ADMIN;
import static dev.handmade.labelling.auth.Role.AUDITOR;
import static dev.handmade.labelling.auth.Role.LABELLER;
import static dev.handmade.labelling.auth.Role.PIPELINE;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.labelling.api.ErrorBody;
import dev.handmade.labelling.api.Wire;
import dev.handmade.labelling.auth.Principal;
import dev.handmade.labelling.auth.Role;
import dev.handmade.labelling.core.Accounts;
import dev.handmade.labelling.core.Contributions;
import dev.handmade.labelling.core.Feed;
import dev.handmade.labelling.core.LabellingQueue;
import dev.handmade.labelling.core.Ledger;
import dev.handmade.labelling.core.LiveAudit;
import dev.handmade.labelling.core.Rejection;
import dev.handmade.labelling.core.TaskIntake;
import dev.handmade.storage.ObjectStoreException;
import dev.handmade.storage.registry.ModelRegistryException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.security.RouteRole;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP face of the service: routes and the roles allowed on each, errors as JSON, metrics. */
public final class HttpApi {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final Role[] EVERY_ROLE = Role.values();

  private final Javalin app;
  private final Set<String> routes = new HashSet<>();
  private final PerCallerLimit perCaller;
  private final Duration idleTimeout;

  public HttpApi(
      ObjectMapper mapper,
      Jdbi jdbi,
      TaskIntake intake,
      LabellingQueue queue,
      Feed feed,
      Accounts accounts,
      Ledger ledger,
      PrometheusMeterRegistry metrics,
      HttpLimits limits,
      Duration idleCutoff,
      Optional<LiveAudit> audit,
      Pseudonyms pseudonyms,
      Contributions contributions) {
    Bodies bodies = new Bodies(mapper);
    AuditorView auditorView = new AuditorView(pseudonyms, mapper);
    int maxBodyBytes = limits.maxBodyBytes();
    PipelineResource pipeline =
        new PipelineResource(intake, feed, bodies, limits.intakeMaxBytes(), auditorView);
    LabellerResource labeller = new LabellerResource(queue, bodies, maxBodyBytes);
    AccountResource account =
        new AccountResource(
            accounts, ledger, bodies, maxBodyBytes, idleCutoff, auditorView, contributions);
    PayResource pay = new PayResource(ledger, bodies, maxBodyBytes, auditorView);
    AuditResource auditor = new AuditResource(audit);
    String openApi = resource(Wire.OPENAPI);
    this.perCaller = new PerCallerLimit(limits.concurrentRequests());
    this.idleTimeout = limits.idleTimeout();

    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              // Jetty's own refusals (bad request line, headers too large, unknown version) as JSON
              config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              config.jetty.modifyServletContextHandler(
                  context -> context.setErrorHandler(new JsonErrorHandler()));
              config.jetty.modifyHttpConfiguration(
                  http -> {
                    http.setSendServerVersion(false);
                    // a body trickled in to hold a thread is cut off with 408 instead of waiting
                    // for it
                    http.setMinRequestDataRate(limits.minBodyBytesPerSecond());
                    http.setIdleTimeout(limits.idleTimeout().toMillis());
                  });
              config.jsonMapper(new JavalinJackson(mapper, false));
              config.staticFiles.add(
                  files -> {
                    files.hostedPath = "/";
                    files.directory = "/web";
                    files.location = Location.CLASSPATH;
                  });
              config.requestLogger.http(
                  (ctx, millis) ->
                      Timer.builder("handmade_http_requests")
                          .description("HTTP requests by route and status")
                          .tag("method", ctx.method().name())
                          .tag("route", route(ctx))
                          .tag("status", Integer.toString(ctx.statusCode()))
                          .publishPercentileHistogram()
                          .register(metrics)
                          .record((long) (millis * 1000), TimeUnit.MICROSECONDS));
            });

    app.before(HttpApi::securityHeaders);
    app.beforeMatched(ctx -> authenticate(ctx, accounts));
    app.exception(
        Rejection.class, (e, ctx) -> error(ctx, status(e.reason()), e.getMessage(), e.field()));
    app.exception(
        HttpResponseException.class,
        (e, ctx) ->
            error(
                ctx,
                e.getStatus(),
                e.getMessage(),
                e instanceof io.javalin.router.EndpointNotFound ? "path" : null));
    app.exception(
        BadMessageException.class, (e, ctx) -> error(ctx, e.getCode(), e.getReason(), "body"));
    app.exception(ObjectStoreException.class, (e, ctx) -> unreadable(ctx, e));
    app.exception(ModelRegistryException.class, (e, ctx) -> unreadable(ctx, e));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
          error(ctx, 500, "internal error", null);
        });
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path(), "path");
          }
        });

    get("/health", ctx -> health(ctx, jdbi));
    get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
    get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openApi));
    get("/", ctx -> ctx.redirect("/labeller.html"));

    post("/api/tasks", pipeline::intake, PIPELINE, ADMIN);
    get("/api/tasks/{taskId}", pipeline::task, PIPELINE, ADMIN, AUDITOR);
    get("/api/feed", pipeline::feed, PIPELINE, ADMIN, AUDITOR);
    get("/api/queue", pipeline::queue, PIPELINE, ADMIN, AUDITOR);

    post("/api/leases", labeller::lease, LABELLER);
    post("/api/leases/{leaseId}/answer", labeller::answer, LABELLER);
    delete("/api/leases/{leaseId}", labeller::release, LABELLER);

    get("/api/me", account::me, EVERY_ROLE);
    get("/api/me/today", account::today, EVERY_ROLE);
    // only the caller's own work, and only labellers have any: other roles are refused, not shown
    // nothing
    get("/api/me/contributions", account::contributions, LABELLER);
    get("/api/labellers", account::labellers, ADMIN, AUDITOR);
    get("/api/labellers/{labellerId}/ledger", account::ledger, LABELLER, ADMIN, AUDITOR);
    post("/api/accounts", account::createAccount, ADMIN);
    post("/api/piece-rates", account::setPieceRate, ADMIN);
    post("/api/pay/settle", pay::settle, ADMIN);
    get("/api/pay/days", pay::days, ADMIN, AUDITOR);
    get("/api/audit/report", auditor::report, AUDITOR, ADMIN);
    get("/api/audit/report.html", auditor::reportHtml, AUDITOR, ADMIN);
    // <frameId> rather than {frameId}: frame ids may hold '/'
    get("/api/audit/frames/<frameId>", auditor::frame, AUDITOR, ADMIN);
  }

  private void get(String path, io.javalin.http.Handler handler, RouteRole... roles) {
    routes.add(path);
    app.get(path, perCaller.around(handler), roles);
  }

  private void post(String path, io.javalin.http.Handler handler, RouteRole... roles) {
    routes.add(path);
    app.post(path, perCaller.around(handler), roles);
  }

  private void delete(String path, io.javalin.http.Handler handler, RouteRole... roles) {
    routes.add(path);
    app.delete(path, perCaller.around(handler), roles);
  }

  /** API answers are never cached and load nothing; pages load only from here and are never framed. */
  private static void securityHeaders(Context ctx) {
    String path = ctx.path();
    if (path.startsWith("/api/")
        || path.equals("/health")
        || path.equals("/metrics")
        || path.equals("/openapi.yaml")) {
      SecurityHeaders.api(ctx::header);
    } else {
      SecurityHeaders.page(ctx::header);
    }
  }

  /** The route pattern, so that metrics do not grow a series per path; "other" for unmatched paths. */
  private String route(Context ctx) {
    try {
      String path = ctx.endpointHandlerPath();
      return routes.contains(path) ? path : "other";
    } catch (IllegalStateException e) {
      // Javalin has no endpoint path for a request that matched none
      return "other";
    }
  }

  public HttpApi start(String host, int port) {
    app.start(host, port);
    // new connections take the connector's idle timeout: silent clients are dropped, not kept
    for (Connector connector : app.jettyServer().server().getConnectors()) {
      if (connector instanceof AbstractConnector c) {
        c.setIdleTimeout(idleTimeout.toMillis());
      }
    }
    return this;
  }

  public int port() {
    return app.port();
  }

  public void stop() {
    app.stop();
  }

  /** Routes without roles are public; every other one needs a token of one of its roles. */
  private static void authenticate(Context ctx, Accounts accounts) {
    Set<RouteRole> allowed = ctx.routeRoles();
    if (allowed.isEmpty()) {
      return;
    }
    String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new Rejection(
          Rejection.Reason.UNAUTHORIZED, "Authorization", "a bearer token is required");
    }
    Principal principal =
        accounts
            .authenticate(header.substring(7).trim())
            .orElseThrow(
                () -> {
                  ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                  return new Rejection(
                      Rejection.Reason.UNAUTHORIZED, "Authorization", "unknown token");
                });
    if (!allowed.contains(principal.role())) {
      throw Rejection.forbidden(
          "role "
              + principal.role().wireName()
              + " may not call "
              + ctx.method()
              + " "
              + ctx.endpointHandlerPath());
    }
    ctx.attribute(Requests.PRINCIPAL, principal);
  }

  private static void health(Context ctx, Jdbi jdbi) {
    try {
      jdbi.withHandle(h -> h.createQuery("select 1").mapTo(Integer.class).one());
      ctx.json(java.util.Map.of("status", "up", "database", "up"));
    } catch (RuntimeException e) {
      ctx.status(503)
          .json(java.util.Map.of("status", "down", "database", String.valueOf(e.getMessage())));
    }
  }

  /** The object store behind the auditor's endpoints is away or refuses: worth trying again later. */
  private static void unreadable(Context ctx, RuntimeException e) {
    LOG.warn("{} {}: the audit log cannot be read: {}", ctx.method(), ctx.path(), e.getMessage());
    error(
        ctx,
        503,
        "the audit log or the model registry cannot be read now: " + e.getMessage(),
        null);
  }

  private static int status(Rejection.Reason reason) {
    return switch (reason) {
      case BAD_INPUT -> 400;
      case UNAUTHORIZED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case LEASE_EXPIRED -> 410;
      case TOO_LARGE -> 413;
      case TOO_SLOW -> 408;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case TOO_MANY_REQUESTS -> 429;
    };
  }

  private static void error(Context ctx, int status, String message, String field) {
    ctx.status(status).json(new ErrorBody(message, field));
  }

  private static String resource(String name) {
    try (InputStream in = HttpApi.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
