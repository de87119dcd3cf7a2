package dev.handmade.audit.chain;

import java.util.List;

/**
 * What checking the audit log's hash chain found.
 *
 * @param files the committed audit files read
 * @param records the events in them
 * @param head the chain hash of the last record in the chain: written down (or published), it
 *     lets a later check notice files cut off the end, which a chain alone cannot show
 * @param problems what is wrong, in chain order, each naming the file and, where it can, the
 *     record; empty when the chain is intact
 */
public record ChainVerification(long files, long records, String head, List<String> problems) {

  public ChainVerification {
    problems = List.copyOf(problems);
  }

  public boolean intact() {
    return problems.isEmpty();
  }
}
