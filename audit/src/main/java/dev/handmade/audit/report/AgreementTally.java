package dev.handmade.audit.report;

import dev.handmade.audit.report.AuditReport.Proportion;
import dev.handmade.audit.report.AuditReport.TruthInterval;
import java.util.HashMap;
import java.util.Map;

/**
 * The machine's agreement with people's verified labels on audit samples, with the samples counted
 * by their {@link Consensus}: added to sample by sample, and priced with the labellers' gold record
 * only when the report is made.
 */
final class AgreementTally {

  private long n;
  private long agreed;
  private final Map<Consensus, Long> byConsensus = new HashMap<>();

  void add(boolean agreedWithPeople, Consensus consensus) {
    n++;
    agreed += agreedWithPeople ? 1 : 0;
    byConsensus.merge(consensus, 1L, Long::sum);
  }

  /** The 95% Wilson interval with the verified label taken as right. */
  Proportion asVerified(String key) {
    return Wilson.proportion(key, n, agreed);
  }

  /**
   * The machine's accuracy against the truth differs from its agreement with people by at most
   * the share of samples whose verified label is wrong (agreeing with a wrong label is an error,
   * disagreeing with one may not be): the agreement's interval is widened by the expected share
   * on both sides.
   */
  TruthInterval againstTruth(String key, PeopleErrorModel people) {
    Proportion p = asVerified(key);
    double wrong = 0;
    for (Map.Entry<Consensus, Long> e : byConsensus.entrySet()) {
      wrong += e.getValue() * people.labelWrong(e.getKey());
    }
    double share = n == 0 ? 0 : wrong / n;
    return new TruthInterval(key, n, agreed, p.estimate(), share, Math.max(0, p.lower() - share),
        Math.min(1, p.upper() + share));
  }

  /** Samples whose label is priced by gold records, and by the consensus bound. */
  long[] labelsByBasis(PeopleErrorModel people) {
    long[] counts = new long[2];
    byConsensus.forEach((c, count) -> counts[people.byGold(c) ? 0 : 1] += count);
    return counts;
  }
}
