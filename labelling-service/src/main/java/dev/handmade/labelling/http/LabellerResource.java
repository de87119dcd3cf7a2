package dev.handmade.labelling.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.labelling.api.Wire;
import dev.handmade.labelling.core.LabellingQueue;
import dev.handmade.labelling.core.Rejection;
import dev.handmade.schema.ObjectClass;
import io.javalin.http.Context;

/** What the labeller's page calls: next task, answer, give back. */
final class LabellerResource {

  static final String CANT_TELL = "cant_tell";

  private final LabellingQueue queue;
  private final Bodies bodies;
  private final int maxBodyBytes;

  LabellerResource(LabellingQueue queue, Bodies bodies, int maxBodyBytes) {
    this.queue = queue;
    this.bodies = bodies;
    this.maxBodyBytes = maxBodyBytes;
  }

  void lease(Context ctx) {
    bodies.read(ctx, maxBodyBytes);
    queue.lease(Requests.principal(ctx)).ifPresentOrElse(ctx::json, () -> ctx.status(204));
  }

  void answer(Context ctx) {
    long leaseId = Requests.longPath(ctx, "leaseId");
    JsonNode body = bodies.tree(ctx, maxBodyBytes);
    if (!body.has("answer")) {
      throw Rejection.badInput(
          "answer", "required: a class, or null or \"cant_tell\" for can't tell");
    }
    JsonNode answerNode = body.get("answer");
    ObjectClass answer;
    if (answerNode.isNull()) {
      answer = null;
    } else if (!answerNode.isTextual()) {
      throw Rejection.badInput("answer", "wrong type: expected a class name or null");
    } else if (CANT_TELL.equalsIgnoreCase(answerNode.asText())) {
      answer = null;
    } else {
      answer =
          Wire.objectClass(answerNode.asText())
              .orElseThrow(
                  () ->
                      Rejection.badInput(
                          "answer",
                          "unknown class; expected one of "
                              + Wire.choices(ObjectClass.class)
                              + ", or cant_tell"));
    }
    JsonNode active = body.get("activeMillis");
    if (active == null
        || !active.isIntegralNumber()
        || !active.canConvertToLong()
        || active.asLong() < 0) {
      throw Rejection.badInput("activeMillis", "required: whole milliseconds, 0 or more");
    }
    ctx.json(queue.submit(Requests.principal(ctx), leaseId, answer, active.asLong()));
  }

  void release(Context ctx) {
    queue.release(Requests.principal(ctx), Requests.longPath(ctx, "leaseId"));
    ctx.status(204);
  }
}
