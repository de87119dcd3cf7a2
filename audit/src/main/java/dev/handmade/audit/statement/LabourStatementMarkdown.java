package dev.handmade.audit.statement;

import dev.handmade.audit.report.AuditReport.Proportion;
import dev.handmade.audit.statement.LabourStatement.Labour;
import java.util.Locale;

/**
 * A labour statement as a short Markdown page, in the spirit of a section of a model card. It is
 * rendered from the JSON statement alone, so {@code verify} can tell an edited page.
 */
public final class LabourStatementMarkdown {

  private LabourStatementMarkdown() {}

  public static String render(LabourStatement s) {
    StringBuilder md = new StringBuilder();
    String currency = s.ledger().currency();
    md.append("# Labour statement: model version ").append(s.version()).append("\n\n");
    md.append(s.parent() == null ? "Trained from scratch" : "Fine-tuned from " + s.parent())
        .append(", published ")
        .append(s.versionCreatedAt())
        .append(". Lineage: ")
        .append(String.join(" <- ", s.lineage()))
        .append(".\n");
    md.append("Computed ")
        .append(s.computedAt())
        .append(" from the audit log up to record ")
        .append(s.auditLog().records())
        .append(" (file `")
        .append(s.auditLog().file())
        .append("`, chain position ")
        .append(s.auditLog().position())
        .append(", chain hash `")
        .append(s.auditLog().hash())
        .append("`)")
        .append(
            s.supersededBy() == null
                ? ", while it was the newest version.\n\n"
                : ", after " + s.supersededBy() + " superseded it.\n\n");

    md.append("| human labour | this version | with its parents |\n|---|---:|---:|\n");
    row(md, "verified human labels", s.direct().humanLabels(), s.throughParents().humanLabels());
    row(md, "answers", s.direct().answers(), s.throughParents().answers());
    row(
        md,
        "labellers (pseudonymous, counted once)",
        s.direct().labellers(),
        s.throughParents().labellers());
    md.append("| active hours | ")
        .append(hours(s.direct()))
        .append(" | ")
        .append(hours(s.throughParents()))
        .append(" |\n");
    md.append("| piece pay (")
        .append(currency)
        .append(") | ")
        .append(money(s.direct().pieceCents()))
        .append(" | ")
        .append(money(s.throughParents().pieceCents()))
        .append(" |\n");
    md.append("| wage-floor top-ups (")
        .append(currency)
        .append(") | ")
        .append(money(s.direct().topUpCents()))
        .append(" | ")
        .append(money(s.throughParents().topUpCents()))
        .append(" |\n");
    md.append("| paid in all (")
        .append(currency)
        .append(") | ")
        .append(money(s.direct().totalCents()))
        .append(" | ")
        .append(money(s.throughParents().totalCents()))
        .append(" |\n\n");

    long unsettled = s.labellerDays().stream().filter(d -> !d.settled()).count();
    md.append(
            s.ledger().floorHourlyCents() == 0
                ? "No wage floor was configured; "
                : "Wage floor "
                    + money(s.ledger().floorHourlyCents())
                    + " "
                    + currency
                    + " an active hour; ")
        .append(s.labellerDays().size())
        .append(" labeller-days hold these answers");
    md.append(
        unsettled == 0
            ? ", all settled. "
            : ", " + unsettled + " of them not yet settled (no top-up yet). ");
    md.append(s.ledger().topUpRule()).append("\n\n");

    Proportion a = s.auditSampleAccuracy();
    md.append("While ")
        .append(s.version())
        .append(" was in charge (frames routed under it, decisions in the log")
        .append(" up to the head above): ")
        .append(s.whileLive().total())
        .append(" final decisions, ")
        .append(s.whileLive().people())
        .append(" by people (")
        .append(String.format(Locale.ROOT, "%.1f%%", 100 * s.whileLive().peopleShare()))
        .append("), ")
        .append(s.whileLive().machine())
        .append(" by the machine. ");
    md.append(
        a.n() == 0
            ? "No audit sample of its decisions was verified yet.\n"
            : String.format(
                Locale.ROOT,
                "Audit samples: people agreed with the machine on %d of %d, accuracy %.3f "
                    + "[%.3f, %.3f] (95%% Wilson interval).%n",
                a.successes(),
                a.n(),
                a.estimate(),
                a.lower(),
                a.upper()));
    md.append(
            "\nCheck it: `handmade verify` recomputes these figures from the audit log up to its head and ")
        .append("names any that differ.\n");
    return md.toString();
  }

  private static void row(StringBuilder md, String what, long direct, long all) {
    md.append("| ")
        .append(what)
        .append(" | ")
        .append(direct)
        .append(" | ")
        .append(all)
        .append(" |\n");
  }

  private static String hours(Labour l) {
    return String.format(Locale.ROOT, "%.2f", l.activeHours());
  }

  private static String money(double cents) {
    return String.format(Locale.ROOT, "%.2f", cents / 100);
  }
}
