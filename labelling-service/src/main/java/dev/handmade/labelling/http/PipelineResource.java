package dev.handmade.labelling.http;

import dev.handmade.labelling.api.IntakeRequest;
import dev.handmade.labelling.api.IntakeResult;
import dev.handmade.labelling.core.Feed;
import dev.handmade.labelling.core.Rejection;
import dev.handmade.labelling.core.TaskIntake;
import io.javalin.http.Context;

/** What the pipeline calls: task intake, task state, the verified-label feed, the queue's depth. */
final class PipelineResource {

  private final TaskIntake intake;
  private final Feed feed;
  private final Bodies bodies;
  private final int intakeMaxBytes;
  private final AuditorView auditorView;

  PipelineResource(
      TaskIntake intake, Feed feed, Bodies bodies, int intakeMaxBytes, AuditorView auditorView) {
    this.auditorView = auditorView;
    this.intake = intake;
    this.feed = feed;
    this.bodies = bodies;
    this.intakeMaxBytes = intakeMaxBytes;
  }

  void intake(Context ctx) {
    IntakeResult result = intake.accept(bodies.parse(ctx, intakeMaxBytes, IntakeRequest.class));
    ctx.status(result.created() > 0 ? 201 : 200).json(result);
  }

  void task(Context ctx) {
    String taskId = ctx.pathParam("taskId");
    var task =
        feed.task(taskId)
            .orElseThrow(() -> Rejection.notFound("taskId", "no task '" + taskId + "'"));
    ctx.json(AuditorView.applies(Requests.principal(ctx)) ? auditorView.task(task) : task);
  }

  void feed(Context ctx) {
    long after = Requests.longQuery(ctx, "after", 0);
    long limit = Requests.longQuery(ctx, "limit", 100);
    if (limit < 1 || limit > Feed.MAX_LIMIT) {
      throw Rejection.badInput("limit", "must be 1.." + Feed.MAX_LIMIT);
    }
    String page = feed.pageJson(after, (int) limit);
    ctx.contentType("application/json")
        .result(AuditorView.applies(Requests.principal(ctx)) ? auditorView.feedPage(page) : page);
  }

  void queue(Context ctx) {
    ctx.json(feed.stats());
  }
}
