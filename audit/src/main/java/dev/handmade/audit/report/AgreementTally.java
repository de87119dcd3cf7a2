package dev.handmade.audit.report;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.audit.report.AuditReport.Proportion;
import dev.handmade.audit.report.AuditReport.TruthInterval;
import java.io.UncheckedIOException;
import java.util.TreeMap;

/**
 * The machine's agreement with people's verified labels on audit samples, with the samples counted
 * by their {@link Consensus} (labellers by their ids in the log): added to sample by sample, kept in
 * a report's checkpoint, and priced with the labellers' gold record, under the report's pseudonyms,
 * only when the report is made.
 */
@JsonAutoDetect(
    fieldVisibility = Visibility.ANY,
    getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
final class AgreementTally {

  private static final ObjectMapper JSON = new ObjectMapper();

  private long n;
  private long agreed;

  /** Samples by their consensus, written as JSON so that a checkpoint can hold them as map keys. */
  private TreeMap<String, Long> byConsensus = new TreeMap<>();

  void add(boolean agreedWithPeople, Consensus consensus) {
    n++;
    agreed += agreedWithPeople ? 1 : 0;
    byConsensus.merge(key(consensus), 1L, Long::sum);
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
  TruthInterval againstTruth(String key, PeopleErrorModel people, Pseudonyms pseudonyms) {
    Proportion p = asVerified(key);
    double wrong = 0;
    for (var e : byConsensus.entrySet()) {
      wrong += e.getValue() * people.labelWrong(consensus(e.getKey()).under(pseudonyms));
    }
    double share = n == 0 ? 0 : wrong / n;
    return new TruthInterval(
        key,
        n,
        agreed,
        p.estimate(),
        share,
        Math.max(0, p.lower() - share),
        Math.min(1, p.upper() + share));
  }

  /** Samples whose label is priced by gold records, and by the consensus bound. */
  long[] labelsByBasis(PeopleErrorModel people, Pseudonyms pseudonyms) {
    long[] counts = new long[2];
    byConsensus.forEach(
        (c, count) -> counts[people.byGold(consensus(c).under(pseudonyms)) ? 0 : 1] += count);
    return counts;
  }

  private static String key(Consensus consensus) {
    try {
      return JSON.writeValueAsString(consensus);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Consensus consensus(String key) {
    try {
      return JSON.readValue(key, Consensus.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
