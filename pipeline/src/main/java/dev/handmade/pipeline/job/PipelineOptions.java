package dev.handmade.pipeline.job;

import dev.handmade.model.training.TrainingRound;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Every tunable of the job, with its default and what it does. */
public final class PipelineOptions {

  private PipelineOptions() {}

  public static final ConfigOption<Integer> INFERENCE_BATCH_SIZE =
      ConfigOptions.key("handmade.inference.batch-size")
          .intType()
          .defaultValue(32)
          .withDescription(
              "Frames per forward pass; a batch also closes when inference.batch-timeout passes.");

  public static final ConfigOption<Duration> INFERENCE_BATCH_TIMEOUT =
      ConfigOptions.key("handmade.inference.batch-timeout")
          .durationType()
          .defaultValue(Duration.ofMillis(200))
          .withDescription("Longest a frame waits for its batch to fill.");

  public static final ConfigOption<Boolean> NO_MODEL_TO_PEOPLE =
      ConfigOptions.key("handmade.routing.no-model-to-people")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Before any model is deployed, send frames to people (true) or hold them in state "
                  + "until the first model arrives (false).");

  public static final ConfigOption<Double> AUDIT_RATE =
      ConfigOptions.key("handmade.routing.audit-rate")
          .doubleType()
          .defaultValue(0.05)
          .withDescription(
              "Share of confident machine decisions also sent to people, drawn at random, to measure "
                  + "machine accuracy. These samples are the only unbiased evidence on what the machine decides alone: "
                  + "each weighs 1 / rate in the thresholds of later versions, so a smaller rate takes longer to certify "
                  + "a new version once a model decides.");

  public static final ConfigOption<Double> HUMAN_CAPACITY_PER_HOUR =
      ConfigOptions.key("handmade.routing.human-tasks-per-hour")
          .doubleType()
          .defaultValue(0.0)
          .withDescription(
              "Tasks people can take per hour (0: unlimited). When uncertain frames come faster, only "
                  + "the most uncertain go to people; the machine decides the rest, marked OVER_CAPACITY.");

  public static final ConfigOption<Double> TARGET_ACCURACY =
      ConfigOptions.key("handmade.routing.target-accuracy")
          .doubleType()
          .defaultValue(0.95)
          .withDescription(
              "Accuracy that machine decisions must reach on human-verified data; each model version's "
                  + "confidence threshold is calibrated for it.");

  public static final ConfigOption<Duration> PENDING_TTL =
      ConfigOptions.key("handmade.join.pending-ttl")
          .durationType()
          .defaultValue(Duration.ofHours(24))
          .withDescription(
              "How long a frame waits for people; after that the machine's best guess stands, marked "
                  + "EXPIRED in the audit log.");

  public static final ConfigOption<Integer> RETRAIN_EVERY_LABELS =
      ConfigOptions.key("handmade.training.retrain-every-labels")
          .intType()
          .defaultValue(200)
          .withDescription("Retrain once this many new human labels have arrived.");

  public static final ConfigOption<Duration> RETRAIN_EVERY =
      ConfigOptions.key("handmade.training.retrain-every")
          .durationType()
          .defaultValue(Duration.ofMinutes(30))
          .withDescription("Retrain at least this often when there are new labels.");

  public static final ConfigOption<Integer> MIN_FIRST_TRAINING =
      ConfigOptions.key("handmade.training.min-first-labels")
          .intType()
          .defaultValue(150)
          .withDescription("Human labels needed before the first model is trained from scratch.");

  public static final ConfigOption<Integer> TRAINING_EPOCHS =
      ConfigOptions.key("handmade.training.epochs")
          .intType()
          .defaultValue(5)
          .withDescription("Epochs when training from scratch.");

  public static final ConfigOption<Integer> HOLD_OUT_PERCENT =
      ConfigOptions.key("handmade.training.hold-out-percent")
          .intType()
          .defaultValue(20)
          .withDescription(
              "Share of the frames people label for the model's doubt (or for want of a model) that "
                  + "are kept out of training as evidence: they set each candidate's temperature and threshold and decide "
                  + "the deployment gate. Every audit sample is evidence as well.");

  public static final ConfigOption<Integer> EVIDENCE_LABELS =
      ConfigOptions.key("handmade.training.evidence-labels")
          .intType()
          .defaultValue(2)
          .withDescription(
              "How many people must label an evidence frame. With 2 or more, their disagreements bound "
                  + "people's own error rate, which the threshold accounts for; with 1 no threshold can be certified.");

  public static final ConfigOption<Integer> MIN_THRESHOLD_SUPPORT =
      ConfigOptions.key("handmade.training.min-threshold-support")
          .intType()
          .defaultValue(TrainingRound.Policy.DEFAULT_MIN_THRESHOLD_SUPPORT)
          .withDescription(
              "Fewest effective evidence frames (after weighting) in the most confident region a "
                  + "threshold is tested on.");

  public static final ConfigOption<Duration> REGISTRY_POLL_INTERVAL =
      ConfigOptions.key("handmade.registry.poll-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(2))
          .withDescription("How often inference checks the registry for a newly deployed version.");

  public static final ConfigOption<String> FRAME_SOURCE =
      ConfigOptions.key("handmade.source")
          .stringType()
          .defaultValue("simulator")
          .withDescription(
              "Where frames come from: 'simulator' or 'drive-logs' (Avro files under drive-logs/ in "
                  + "the object store, picked up as they are uploaded).");

  public static final ConfigOption<Long> SIMULATOR_SEED =
      ConfigOptions.key("handmade.simulator.seed")
          .longType()
          .defaultValue(2026L)
          .withDescription("Seed of the simulated sensor stream.");

  public static final ConfigOption<Double> SIMULATOR_RATE =
      ConfigOptions.key("handmade.simulator.frames-per-second")
          .doubleType()
          .defaultValue(5.0)
          .withDescription("Simulated frames per second, across the job.");

  public static final ConfigOption<Long> SIMULATOR_FRAMES =
      ConfigOptions.key("handmade.simulator.frames")
          .longType()
          .defaultValue(Long.MAX_VALUE)
          .withDescription("Simulated frames in all (default: endless).");

  public static final ConfigOption<Integer> SIMULATOR_DISTINCT_FRAMES =
      ConfigOptions.key("handmade.simulator.distinct-frames")
          .intType()
          .defaultValue(0)
          .withDescription(
              "Render this many frames once and replay them in a cycle, each replay under its own id "
                  + "(0: render every frame). For benchmarks: rendering a frame costs more than "
                  + "classifying it.");

  public static final ConfigOption<Long> SIMULATOR_CORRUPT_EVERY =
      ConfigOptions.key("handmade.simulator.corrupt-every")
          .longType()
          .defaultValue(0L)
          .withDescription("Damage every n-th simulated frame, to watch dead letters (0: none).");

  public static final ConfigOption<String> S3_ENDPOINT =
      ConfigOptions.key("handmade.s3.endpoint")
          .stringType()
          .noDefaultValue()
          .withDescription("S3/MinIO endpoint of the registry, audit log and drive logs.");

  public static final ConfigOption<String> S3_ACCESS_KEY =
      ConfigOptions.key("handmade.s3.access-key")
          .stringType()
          .noDefaultValue()
          .withDescription("S3 access key.");

  public static final ConfigOption<String> S3_SECRET_KEY =
      ConfigOptions.key("handmade.s3.secret-key")
          .stringType()
          .noDefaultValue()
          .withDescription("S3 secret key.");

  public static final ConfigOption<String> S3_BUCKET =
      ConfigOptions.key("handmade.s3.bucket")
          .stringType()
          .defaultValue("handmade")
          .withDescription("Bucket for models, audit log, dead letters and drive logs.");
}
