package dev.handmade.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.infra.bench.TaskProfile.Activity;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskProfileTest {

  private static final StackTraceElement MAILBOX =
      frame(
          "org.apache.flink.streaming.runtime.tasks.mailbox" + ".MailboxProcessor",
          "runMailboxLoop");
  private static final StackTraceElement INFERENCE =
      frame("dev.handmade.pipeline.inference.BatchedInference", "processElement1");
  private static final StackTraceElement ROUTER =
      frame("dev.handmade.pipeline.routing.Router", "processElement");

  @Test
  void theInnermostKnownFrameSaysWhatTheThreadDoes() {
    assertThat(
            TaskProfile.activity(
                Thread.State.RUNNABLE,
                List.of(
                    frame("org.nd4j.linalg.cpu.nativecpu.ops" + ".NativeOpExecutioner", "exec"),
                    frame("dev.handmade.model.classifier.FrameClassifier", "predict"),
                    INFERENCE,
                    MAILBOX)))
        .isEqualTo(Activity.FORWARD_PASS);
    assertThat(
            TaskProfile.activity(
                Thread.State.RUNNABLE,
                List.of(
                    frame("org.apache.avro.io.BinaryEncoder", "writeString"),
                    frame("org.apache.flink.formats.avro.typeutils.AvroSerializer", "serialize"),
                    ROUTER,
                    INFERENCE,
                    MAILBOX)))
        .isEqualTo(Activity.SERIALISATION);
    assertThat(
            TaskProfile.activity(
                Thread.State.RUNNABLE,
                List.of(frame("java.util.HashMap", "get"), ROUTER, INFERENCE, MAILBOX)))
        .isEqualTo(Activity.ROUTER);
    assertThat(
            TaskProfile.activity(
                Thread.State.RUNNABLE,
                List.of(frame("java.util.ArrayList", "add"), INFERENCE, MAILBOX)))
        .isEqualTo(Activity.BATCHING);
  }

  @Test
  void aWaitingThreadWaitsForBuffersWithinARecordOrForTheNextRecord() {
    assertThat(
            TaskProfile.activity(
                Thread.State.WAITING,
                List.of(
                    frame("java.util.concurrent.CompletableFuture", "get"),
                    frame(
                        "org.apache.flink.runtime.io.network.buffer.LocalBufferPool",
                        "requestMemorySegmentBlocking"),
                    ROUTER,
                    INFERENCE,
                    MAILBOX)))
        .isEqualTo(Activity.WAITING_FOR_BUFFERS);
    assertThat(
            TaskProfile.activity(
                Thread.State.WAITING,
                List.of(
                    frame("jdk.internal.misc.Unsafe", "park"),
                    frame(
                        "org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailboxImpl", "take"),
                    MAILBOX)))
        .isEqualTo(Activity.WAITING);
    assertThat(TaskProfile.activity(Thread.State.RUNNABLE, List.of(MAILBOX)))
        .isEqualTo(Activity.FLINK_OTHER);
  }

  private static StackTraceElement frame(String className, String method) {
    return new StackTraceElement(className, method, null, -1);
  }
}
