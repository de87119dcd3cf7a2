package dev.handmade.labelling.core;

import dev.handmade.labelling.api.ContributionsView;
import dev.handmade.labelling.auth.Principal;
import dev.handmade.labelling.core.TrainedFrames.TrainedVersion;
import dev.handmade.labelling.db.ContributionDao;
import dev.handmade.storage.ObjectStoreException;
import dev.handmade.storage.registry.ModelRegistryException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A labeller's own view of their work: which model versions their verified labels went into, and
 * their pay per day with the wage floor. Built from one labeller's rows only, so that it can hold
 * nothing of anyone else's; the registry's versions name frames, never labellers.
 */
public final class Contributions {

  private static final Logger LOG = LoggerFactory.getLogger(Contributions.class);

  private final Jdbi jdbi;
  private final ContributionDao dao;
  private final Ledger ledger;
  private final Optional<TrainedFrames> trained;

  /** @param trained the registry's versions; empty when the service has no registry configured */
  public Contributions(
      Jdbi jdbi, ContributionDao dao, Ledger ledger, Optional<TrainedFrames> trained) {
    this.jdbi = jdbi;
    this.dao = dao;
    this.ledger = ledger;
    this.trained = trained;
  }

  public ContributionsView of(Principal labeller, LocalDate from, LocalDate to) {
    Set<String> frames =
        new HashSet<>(jdbi.withHandle(h -> dao.verifiedFrames(h, labeller.accountId())));
    List<ContributionsView.Version> versions = List.of();
    String problem = null;
    if (trained.isEmpty()) {
      problem = "no model registry is configured (audit.s3Endpoint is not set)";
    } else {
      try {
        versions = count(trained.get().versions(), frames);
      } catch (ObjectStoreException | ModelRegistryException e) {
        // the days are still worth showing while the registry is away
        LOG.warn(
            "contributions of {}: the model registry cannot be read: {}",
            labeller.labellerId(),
            e.getMessage());
        problem = "the model registry cannot be read now: " + e.getMessage();
      }
    }
    return new ContributionsView(
        labeller.labellerId(),
        frames.size(),
        versions,
        problem,
        from.toString(),
        to.toString(),
        ledger.ownDays(labeller, from, to));
  }

  /**
   * Per version, oldest first: the labeller's frames it was trained on, and those with its ancestors'.
   * The registry publishes a parent before its children, so a parent's union is known when a child needs it.
   */
  static List<ContributionsView.Version> count(List<TrainedVersion> versions, Set<String> frames) {
    Map<String, Set<String>> withAncestors = new HashMap<>();
    List<ContributionsView.Version> counted = new ArrayList<>(versions.size());
    for (TrainedVersion v : versions) {
      Set<String> direct = intersection(v.frameIds(), frames);
      Set<String> all = new HashSet<>(direct);
      all.addAll(withAncestors.getOrDefault(v.parent(), Set.of()));
      withAncestors.put(v.version(), all);
      counted.add(
          new ContributionsView.Version(
              v.version(), v.parent(), v.publishedAt().toEpochMilli(), direct.size(), all.size()));
    }
    return counted;
  }

  private static Set<String> intersection(Set<String> a, Set<String> b) {
    Set<String> small = a.size() <= b.size() ? a : b;
    Set<String> large = small == a ? b : a;
    Set<String> both = new HashSet<>();
    for (String frame : small) {
      if (large.contains(frame)) {
        both.add(frame);
      }
    }
    return both;
  }
}
