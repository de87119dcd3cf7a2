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

    PipelineResource(TaskIntake intake, Feed feed, Bodies bodies, int intakeMaxBytes) {
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
        ctx.json(feed.task(taskId).orElseThrow(() -> Rejection.notFound("taskId", "no task '" + taskId + "'")));
    }

    void feed(Context ctx) {
        long after = Requests.longQuery(ctx, "after", 0);
        long limit = Requests.longQuery(ctx, "limit", 100);
        if (limit < 1 || limit > Feed.MAX_LIMIT) {
            throw Rejection.badInput("limit", "must be 1.." + Feed.MAX_LIMIT);
        }
        ctx.contentType("application/json").result(feed.pageJson(after, (int) limit));
    }

    void queue(Context ctx) {
        ctx.json(feed.stats());
    }
}
