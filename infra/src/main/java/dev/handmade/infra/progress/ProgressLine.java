package dev.handmade.infra.progress;

import dev.handmade.audit.progress.RecentDecisions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code handmade up} prints each minute, in words: who made the decisions committed to the
 * audit log in the last minute, the deployed version and the confidence above which it decides,
 * how many tasks wait for people, and the last training round's verdict. {@link ProgressProbe}
 * reads the parts; this only words them.
 *
 * @param at when the parts were read
 * @param decisions the decisions committed since the last line
 * @param model the deployed version; empty before the first deployment (or when unreadable)
 * @param queue tasks waiting for people; empty when the service could not be asked
 * @param lastRound the last training round; empty before the first round ends
 * @param problems parts that could not be read, each with the reason
 */
public record ProgressLine(
    Instant at,
    RecentDecisions.Count decisions,
    Optional<Model> model,
    Optional<Queue> queue,
    Optional<Round> lastRound,
    List<String> problems) {

  /** The deployed version, its confidence threshold and the accuracy it was chosen for. */
  public record Model(String version, double threshold, double targetAccuracy) {}

  /** A training round as the registry records it: when it ended, and the gate's verdict. */
  public record Round(long number, Instant at, String verdict) {}

  /** Tasks waiting for people: open ones, and escalated ones that need more answers. */
  public record Queue(long open, long escalated) {
    public long depth() {
      return open + escalated;
    }
  }

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  public ProgressLine {
    problems = List.copyOf(problems);
  }

  /** One line, parts separated by " | ". */
  public String text() {
    StringBuilder line =
        new StringBuilder("[progress ")
            .append(CLOCK.format(at))
            .append(" UTC] ")
            .append(decisionsPart())
            .append(" | ")
            .append(modelPart())
            .append(" | ")
            .append(queuePart())
            .append(" | ")
            .append(roundPart());
    if (!problems.isEmpty()) {
      line.append(" | could not read: ").append(String.join("; ", problems));
    }
    return line.toString();
  }

  private String decisionsPart() {
    RecentDecisions.Count d = decisions;
    StringBuilder text = new StringBuilder("last minute: ");
    if (d.files() == 0) {
      // the audit log commits on checkpoints: with frames flowing, none in a minute means
      // no checkpoint completed, which "no decisions" would hide
      text.append("nothing committed to the audit log");
    } else if (d.total() == 0) {
      text.append("no decisions");
    } else {
      text.append("machine ")
          .append(percent(d.machineShare()))
          .append(" of ")
          .append(count(d.total()))
          .append(d.total() == 1 ? " decision (" : " decisions (")
          .append(count(d.machine()))
          .append(" machine, ")
          .append(count(d.people()))
          .append(" people)");
    }
    if (!d.unreadable().isEmpty()) {
      text.append(", ")
          .append(d.unreadable().size())
          .append(d.unreadable().size() == 1 ? " audit file" : " audit files")
          .append(" unreadable (handmade verify names them)");
    }
    return text.toString();
  }

  private String modelPart() {
    if (model.isEmpty()) {
      return "no model deployed: everything to people";
    }
    Model m = model.get();
    if (m.threshold() > 1) {
      return "model "
          + m.version()
          + ": everything to people (no confidence threshold reaches "
          + percent(m.targetAccuracy())
          + ")";
    }
    return String.format(
        Locale.ROOT,
        "model %s decides above confidence %.3f (target %s)",
        m.version(),
        m.threshold(),
        percent(m.targetAccuracy()));
  }

  private String queuePart() {
    return queue
        .map(
            q ->
                "queue "
                    + count(q.depth())
                    + " ("
                    + count(q.open())
                    + " open, "
                    + count(q.escalated())
                    + " escalated)")
        .orElse("queue unknown");
  }

  private String roundPart() {
    return lastRound
        .map(
            r -> "round " + r.number() + " at " + CLOCK.format(r.at()) + ": " + r.verdict().strip())
        .orElse("no training round yet");
  }

  private static String percent(double share) {
    double percent = share * 100;
    return percent == Math.rint(percent)
        ? String.format(Locale.ROOT, "%.0f%%", percent)
        : String.format(Locale.ROOT, "%.1f%%", percent);
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
