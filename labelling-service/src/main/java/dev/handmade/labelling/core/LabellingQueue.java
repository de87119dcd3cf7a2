package dev.handmade.labelling.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.labelling.api.AnswerReceipt;
import dev.handmade.labelling.api.FeedEntry;
import dev.handmade.labelling.api.LeaseView;
import dev.handmade.labelling.api.Wire;
import dev.handmade.labelling.auth.Principal;
import dev.handmade.labelling.db.FeedDao;
import dev.handmade.labelling.db.PayDao;
import dev.handmade.labelling.db.QueueDao;
import dev.handmade.labelling.db.QueueDao.AnswerRow;
import dev.handmade.labelling.db.QueueDao.LeaseRow;
import dev.handmade.labelling.db.QueueDao.LeaseWithFrame;
import dev.handmade.labelling.db.QueueDao.TaskRow;
import dev.handmade.labelling.db.Transactions;
import dev.handmade.schema.ObjectClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The queue with leases: hands tasks to labellers, takes their answers, pays them, and decides
 * tasks by consensus. Each operation is one transaction on PostgreSQL; the database's row locks,
 * not this process, keep concurrent labellers apart, so several instances may serve one database.
 */
public final class LabellingQueue {

  /** How often a lease request looks again after its locked candidate could not be granted. */
  private static final int LEASE_ATTEMPTS = 8;

  private final Jdbi jdbi;
  private final QueueDao queue;
  private final FeedDao feed;
  private final PayDao pay;
  private final ObjectMapper mapper;
  private final Duration leaseDuration;
  private final Duration escalationWait;
  private final Consensus consensus;
  private final GoldPolicy gold;
  private final Ledger ledger;
  private final Counter leasesGranted;
  private final Counter answersAccepted;
  private final MeterRegistry metrics;

  public LabellingQueue(
      Jdbi jdbi,
      QueueDao queue,
      FeedDao feed,
      PayDao pay,
      ObjectMapper mapper,
      Duration leaseDuration,
      Duration escalationWait,
      Consensus consensus,
      GoldPolicy gold,
      Ledger ledger,
      MeterRegistry metrics) {
    this.escalationWait = escalationWait;
    this.jdbi = jdbi;
    this.queue = queue;
    this.feed = feed;
    this.pay = pay;
    this.mapper = mapper;
    this.leaseDuration = leaseDuration;
    this.consensus = consensus;
    this.gold = gold;
    this.ledger = ledger;
    this.metrics = metrics;
    this.leasesGranted =
        Counter.builder("handmade_leases_granted")
            .description("Leases handed out")
            .register(metrics);
    this.answersAccepted =
        Counter.builder("handmade_labels_submitted")
            .description("Answers accepted")
            .register(metrics);
  }

  /**
   * The labeller's next task, or empty when the queue has nothing for them. A labeller who
   * still holds a live lease gets that one back, so reloading the page loses nothing.
   */
  public Optional<LeaseView> lease(Principal labeller) {
    Optional<LeaseWithFrame> granted =
        Transactions.inTransaction(
            jdbi,
            h -> {
              long account = labeller.accountId();
              long millis = leaseDuration.toMillis();
              // one request of a labeller at a time; the database's index allows one live lease
              // each
              QueueDao.Standing standing = queue.lockLabeller(h, account);
              Optional<LeaseWithFrame> current = queue.currentLease(h, account);
              if (current.isPresent()) {
                return current;
              }
              queue.expireLeases(h, account);
              if (gold.setAsideReason(standing.goldAnswers(), standing.goldCorrect()).isPresent()) {
                // labels that would be set aside waste the labeller's time and a task's place: only
                // unseen gold tasks, which are paid and are the way back above the threshold
                return queue
                    .unseenGoldTask(h, account)
                    .flatMap(task -> queue.grantLease(h, task, account, millis));
              }
              if (gold.goldDue(standing.leasesTaken())) {
                Optional<LeaseWithFrame> goldLease =
                    queue
                        .unseenGoldTask(h, account)
                        .flatMap(task -> queue.grantLease(h, task, account, millis));
                if (goldLease.isPresent()) {
                  return goldLease;
                }
              }
              queue.expireRunOutLeases(h);
              for (int attempt = 0; attempt < LEASE_ATTEMPTS; attempt++) {
                // locking re-reads a task row that changed since the query began (READ COMMITTED)
                // and checks the free place again on it: a task it returns has room for this lease
                Optional<String> task = queue.lockNextTask(h, account);
                if (task.isEmpty()) {
                  return Optional.<LeaseWithFrame>empty();
                }
                Optional<LeaseWithFrame> lease = queue.grantLease(h, task.get(), account, millis);
                if (lease.isPresent()) {
                  return lease;
                }
              }
              return Optional.<LeaseWithFrame>empty();
            });
    granted.ifPresent(l -> leasesGranted.increment());
    return granted.map(this::view);
  }

  private LeaseView view(LeaseWithFrame lease) {
    try {
      return new LeaseView(
          lease.leaseId(),
          lease.taskId(),
          lease.leasedAtMillis(),
          lease.expiresAtMillis(),
          lease.frameJson() == null ? null : mapper.readTree(lease.frameJson()),
          lease.frameUri());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored frame is always valid JSON", e);
    }
  }

  /** Gives a lease back unanswered; the task returns to the queue for others. */
  public void release(Principal labeller, long leaseId) {
    jdbi.useTransaction(
        h -> {
          LeaseRow lease = ownLease(h, labeller, leaseId);
          if ("expired".equals(lease.state())) {
            throw expired(leaseId);
          }
          if (!"active".equals(lease.state())) {
            throw Rejection.conflict("leaseId", "lease " + leaseId + " is " + lease.state());
          }
          if (!"gold".equals(lease.taskKind())) {
            // lock order everywhere: task, then lease
            queue.lockTask(h, lease.taskId());
          }
          queue.setLeaseState(h, leaseId, "released");
          if (!"gold".equals(lease.taskKind())) {
            // the one who gave it back never gets it again: the task may have outgrown the crowd
            resolveIfOutgrown(h, queue.task(h, lease.taskId()).orElseThrow());
          }
        });
  }

  /**
   * Records an answer under a live lease, pays it at the rate in force, and decides the task
   * when it has its k answers.
   *
   * @param answer null is "can't tell"
   * @param reportedActiveMillis what the page measured; clamped to the time the lease was held
   */
  public AnswerReceipt submit(
      Principal labeller, long leaseId, ObjectClass answer, long reportedActiveMillis) {
    AnswerReceipt receipt =
        Transactions.inTransaction(
            jdbi,
            h -> {
              LeaseRow seen = ownLease(h, labeller, leaseId);
              boolean isGold = "gold".equals(seen.taskKind());
              // lock order everywhere: task, then lease
              TaskRow task = isGold ? null : queue.lockTask(h, seen.taskId());
              LeaseRow lease = queue.lease(h, leaseId, true).orElseThrow();
              if ("answered".equals(lease.state())) {
                throw Rejection.conflict("leaseId", "lease " + leaseId + " is already answered");
              }
              if ("released".equals(lease.state())) {
                throw Rejection.conflict("leaseId", "lease " + leaseId + " was released");
              }
              if (lease.expired() || "expired".equals(lease.state())) {
                throw expired(leaseId);
              }
              long activeMillis =
                  Math.max(0, Math.min(reportedActiveMillis, lease.elapsedMillis()));
              String answerName = answer == null ? null : Wire.name(answer);
              long answerId;
              Optional<String> setAside = Optional.empty();
              if (isGold) {
                boolean correct = answerName != null && answerName.equals(lease.goldAnswer());
                answerId =
                    queue.insertAnswer(h, lease, answerName, activeMillis, false, null, correct);
              } else {
                long[] record = queue.goldRecord(h, labeller.accountId());
                setAside = gold.setAsideReason(record[0], record[1]);
                answerId =
                    queue.insertAnswer(
                        h,
                        lease,
                        answerName,
                        activeMillis,
                        setAside.isEmpty(),
                        setAside.orElse(null),
                        null);
              }
              queue.setLeaseState(h, leaseId, "answered");
              PayDao.Rate rate =
                  pay.rateInForce(h, lease.taskKind())
                      .orElseThrow(() -> new IllegalStateException("no piece rate in force"));
              LocalDate day = ledger.today();
              pay.insertPiece(
                  h,
                  labeller.accountId(),
                  lease.taskKind(),
                  lease.taskId(),
                  answerId,
                  rate,
                  activeMillis,
                  day);
              if (!isGold) {
                decide(h, task, labeller.accountId(), setAside);
              }
              return new AnswerReceipt(
                  leaseId,
                  lease.taskId(),
                  activeMillis,
                  rate.cents(),
                  rate.currency(),
                  ledger.today(h, labeller, day));
            });
    answersAccepted.increment();
    return receipt;
  }

  private static Rejection expired(long leaseId) {
    return new Rejection(
        Rejection.Reason.LEASE_EXPIRED,
        "leaseId",
        "lease " + leaseId + " expired; the task went back to the queue");
  }

  private LeaseRow ownLease(Handle h, Principal labeller, long leaseId) {
    LeaseRow lease =
        queue
            .lease(h, leaseId, false)
            .orElseThrow(() -> Rejection.notFound("leaseId", "no lease " + leaseId));
    if (lease.accountId() != labeller.accountId()) {
      throw Rejection.forbidden("lease " + leaseId + " is not yours");
    }
    return lease;
  }

  /**
   * Counts the task's answers again, setting aside those of labellers whose gold record has
   * fallen below the threshold since they answered, then applies the consensus rule.
   *
   * @param task as locked by this transaction
   * @param submitterSetAside the standing of the labeller who just answered, read in this transaction
   */
  private void decide(Handle h, TaskRow task, long submitter, Optional<String> submitterSetAside) {
    String taskId = task.taskId();
    if (!"open".equals(task.state()) && !"escalated".equals(task.state())) {
      // decided already (an answer under a lease that outlived the decision): paid, kept, not
      // decided again
      return;
    }
    List<AnswerRow> answers = queue.answers(h, taskId);
    Map<Long, Optional<String>> standing = new HashMap<>();
    standing.put(submitter, submitterSetAside);
    boolean setAsideNow = false;
    List<ObjectClass> counted = new ArrayList<>();
    for (AnswerRow a : answers) {
      if (!a.counted()) {
        continue;
      }
      Optional<String> reason =
          standing.computeIfAbsent(
              a.accountId(),
              id -> {
                long[] record = queue.goldRecord(h, id);
                return gold.setAsideReason(record[0], record[1]);
              });
      if (reason.isPresent()) {
        queue.setAside(h, a.answerId(), reason.get());
        setAsideNow = true;
      } else {
        counted.add(a.answer() == null ? null : Wire.objectClassOf(a.answer()));
      }
    }
    queue.setCountedAnswers(h, taskId, counted.size());
    Consensus.Outcome outcome = consensus.decide(counted, task.requiredLabels());
    if (outcome instanceof Consensus.Escalate e) {
      queue.escalate(h, taskId, e.requiredLabels());
      resolveIfOutgrown(h, queue.task(h, taskId).orElseThrow());
    } else if (outcome instanceof Consensus.Waiting && "escalated".equals(task.state())) {
      resolveIfOutgrown(h, queue.task(h, taskId).orElseThrow());
    } else if (outcome instanceof Consensus.Verified v) {
      queue.resolve(h, taskId, "verified");
      publish(
          h,
          task,
          "verified",
          v.label(),
          v.agreement(),
          null,
          setAsideNow ? queue.answers(h, taskId) : answers);
    } else if (outcome instanceof Consensus.Unresolved u) {
      queue.resolve(h, taskId, "unresolved");
      publish(
          h,
          task,
          "unresolved",
          null,
          0f,
          u.reason(),
          setAsideNow ? queue.answers(h, taskId) : answers);
    }
  }

  /**
   * Ends an escalated task as unresolved when the labellers who can still answer it are too few
   * to reach its required labels and it has waited {@code escalationWait} since it escalated:
   * nobody gets a task twice and set-aside labellers are not served, so without new labellers
   * it would wait for ever. The wait lets labellers who join soon answer it; nobody may hold a
   * lease on it, so an answer on its way still counts.
   */
  private void resolveIfOutgrown(Handle h, TaskRow task) {
    if (!"escalated".equals(task.state())
        || queue.liveLeases(h, task.taskId()) > 0
        || !queue.escalatedBefore(h, task.taskId(), escalationWait.toMillis())) {
      return;
    }
    int eligible =
        queue.eligibleLabellers(h, task.taskId(), gold.minAnswers(), gold.accuracyThreshold());
    if (task.countedAnswers() + eligible >= task.requiredLabels()) {
      return;
    }
    queue.resolve(h, task.taskId(), "unresolved");
    publish(
        h,
        task,
        "unresolved",
        null,
        0f,
        "escalated to "
            + task.requiredLabels()
            + " labels, but after "
            + task.countedAnswers()
            + " counted answers and a wait of "
            + escalationWait
            + " only "
            + eligible
            + " labellers who have not seen it and are not set aside remain",
        queue.answers(h, task.taskId()));
  }

  /**
   * Looks at every escalated task that nobody holds and ends those that have outgrown the crowd;
   * for leases that expired and labellers set aside since the task last changed. Returns how many ended.
   */
  public int resolveOutgrownEscalations() {
    List<String> candidates = jdbi.withHandle(h -> queue.idleEscalated(h, 1000));
    int resolved = 0;
    for (String taskId : candidates) {
      boolean ended =
          Transactions.inTransaction(
              jdbi,
              h -> {
                queue.lockTask(h, taskId);
                TaskRow task = queue.task(h, taskId).orElseThrow();
                resolveIfOutgrown(h, task);
                return !"escalated".equals(queue.task(h, taskId).orElseThrow().state());
              });
      if (ended) {
        resolved++;
      }
    }
    return resolved;
  }

  /** Stages the task's feed entry; {@code taskAnswers} as they stand now in this transaction. */
  private void publish(
      Handle h,
      TaskRow task,
      String outcome,
      ObjectClass label,
      float agreement,
      String reason,
      List<AnswerRow> taskAnswers) {
    List<FeedEntry.Answer> answers = new ArrayList<>();
    List<FeedEntry.SetAside> setAside = new ArrayList<>();
    for (AnswerRow a : taskAnswers) {
      ObjectClass c = a.answer() == null ? null : Wire.objectClassOf(a.answer());
      if (a.counted()) {
        answers.add(
            new FeedEntry.Answer(
                a.labellerId(),
                c,
                a.activeMillis(),
                a.payCents(),
                a.currency(),
                a.answeredAtMillis()));
      } else {
        setAside.add(
            new FeedEntry.SetAside(
                a.labellerId(),
                c,
                a.activeMillis(),
                a.payCents(),
                a.currency(),
                a.answeredAtMillis(),
                a.setAsideReason()));
      }
    }
    // numbered when published, after this transaction commits: no lock on a shared row here
    FeedEntry entry =
        new FeedEntry(
            0,
            outcome,
            task.taskId(),
            task.frameId(),
            Wire.taskKindOf(task.kind()),
            label,
            answers,
            agreement,
            System.currentTimeMillis(),
            reason,
            setAside);
    try {
      feed.stage(h, task.taskId(), outcome, mapper.writeValueAsString(entry));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a feed entry always serializes", e);
    }
    metrics.counter("handmade_tasks_resolved", "outcome", outcome).increment();
  }
}
