package dev.handmade.infra.cli;

import dev.handmade.pipeline.job.PipelineOptions;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The benchmarks' simulator replays frames it rendered once: rendering a frame costs more than
 * classifying it, and a source bound by the renderer measures the simulator, not the job.
 */
final class ReplayedFramesOption {

  @Option(
      names = "--distinct-frames",
      defaultValue = "2000",
      description =
          "Frames the simulator renders once and replays, each replay under its own id; 0 renders "
              + "every frame, and then the renderer, not the job, limits the rate "
              + "(default: ${DEFAULT-VALUE}).")
  int distinctFrames;

  /** Sets the job's option. */
  void addTo(Map<String, String> jobOptions) {
    jobOptions.put(
        PipelineOptions.SIMULATOR_DISTINCT_FRAMES.key(), Integer.toString(distinctFrames));
  }

  /** How the source makes its frames, for the benchmark's header. */
  String describe() {
    return distinctFrames > 0
        ? distinctFrames + " frames rendered once, replayed"
        : "every frame rendered";
  }
}
