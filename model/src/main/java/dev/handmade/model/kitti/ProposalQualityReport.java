package dev.handmade.model.kitti;

import dev.handmade.model.proposals.Proposal;
import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints a {@link ProposalQuality.Summary}: per frame, per object, and in all, against the goal. */
public final class ProposalQualityReport {

  /** The goal the issue set: recall at least 90% with at most 15 proposals in any frame. */
  public static final double GOAL_RECALL = 0.9;

  public static final int GOAL_PROPOSALS = 15;

  private ProposalQualityReport() {}

  public static void print(ProposalQuality.Summary s, PrintStream out) {
    for (ProposalQuality.FrameResult f : s.frames()) {
      long counted = f.objects().stream().filter(o -> o.returns() >= s.minReturns()).count();
      long found =
          f.objects().stream().filter(o -> o.returns() >= s.minReturns() && o.found()).count();
      out.printf(
          Locale.ROOT,
          "frame %s: %d proposals, recall %d/%d; left out: %s%n",
          f.frame(),
          f.proposals().size(),
          found,
          counted,
          f.rejected().entrySet().stream()
              .filter(e -> e.getValue() > 0)
              .map(
                  e ->
                      e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                          + " "
                          + e.getValue())
              .collect(Collectors.joining(", ")));
      for (ProposalQuality.ObjectResult o : f.objects()) {
        Proposal p = o.best();
        out.printf(
            Locale.ROOT,
            "  %-10s %5.1f m %5d returns: %s, best proposal holds %3.0f%% of it, %3.0f%% foreign%s%n",
            o.type(),
            o.range(),
            o.returns(),
            o.returns() < s.minReturns()
                ? "not counted (fewer than " + s.minReturns() + " returns)"
                : o.found() ? "FOUND" : "MISSED",
            100 * o.held(),
            100 * o.foreign(),
            p == null
                ? ""
                : String.format(
                    Locale.ROOT,
                    " (%s-sized, %.1f x %.1f x %.1f m, %d points)",
                    p.kind(),
                    p.length(),
                    p.width(),
                    p.height(),
                    p.points().length));
      }
      out.println(
          "  proposals: "
              + f.proposals().stream()
                  .map(
                      p ->
                          String.format(
                              Locale.ROOT,
                              "%s-sized %.1fx%.1fx%.1f m at %.1f m (%d)",
                              p.kind(),
                              p.length(),
                              p.width(),
                              p.height(),
                              Math.hypot(p.centreX(), p.centreY()),
                              p.points().length))
                  .collect(Collectors.joining("; ")));
      f.problems().forEach(problem -> out.println("  skipped " + problem));
    }
    out.printf(
        Locale.ROOT,
        "in all: recall %d/%d = %.1f%% (objects with at least %d returns; %d labelled Car, "
            + "Pedestrian and Cyclist in all), %.1f proposals per frame, at most %d in a frame, over %d frames%n",
        s.found(),
        s.counted().size(),
        100 * s.recall(),
        s.minReturns(),
        s.frames().stream().mapToInt(f -> f.objects().size()).sum(),
        s.proposalsPerFrame(),
        s.maxProposals(),
        s.frames().size());
    boolean met = s.recall() >= GOAL_RECALL && s.maxProposals() <= GOAL_PROPOSALS;
    out.printf(
        Locale.ROOT,
        "goal (recall >= %.0f%%, <= %d proposals per frame): %s%n",
        100 * GOAL_RECALL,
        GOAL_PROPOSALS,
        met ? "met" : "NOT met");
  }
}
