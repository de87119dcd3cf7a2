package dev.handmade.labelling.db;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of tasks, leases and answers. Every method runs inside the caller's transaction. */
public final class QueueDao {

  /** A task as stored, without its frame. */
  public record TaskRow(
      String taskId,
      String frameId,
      String kind,
      double priority,
      int requiredLabels,
      String goldAnswer,
      String state,
      int countedAnswers) {}

  public record LeaseRow(
      long leaseId,
      String taskId,
      long accountId,
      String state,
      long leasedAtMillis,
      long expiresAtMillis,
      boolean expired,
      long elapsedMillis,
      String taskKind,
      String goldAnswer) {}

  /** A lease with what the labeller is shown. */
  public record LeaseWithFrame(
      long leaseId,
      String taskId,
      long leasedAtMillis,
      long expiresAtMillis,
      String frameJson,
      String frameUri) {}

  public record AnswerRow(
      long answerId,
      long accountId,
      String labellerId,
      String answer,
      long activeMillis,
      long answeredAtMillis,
      boolean counted,
      String setAsideReason,
      long payCents,
      String currency) {}

  public record NewTask(
      String taskId,
      String frameId,
      String kind,
      double priority,
      int requiredLabels,
      String goldAnswer,
      String machineOpinionJson,
      String frameJson,
      String frameUri) {}

  private static final String LEASE_COLUMNS =
      """
            l.lease_id, l.task_id, l.account_id, l.state,
            (extract(epoch from l.leased_at) * 1000)::bigint as leased_ms,
            (extract(epoch from l.expires_at) * 1000)::bigint as expires_ms,
            l.expires_at <= now() as expired,
            (extract(epoch from (least(now(), l.expires_at) - l.leased_at)) * 1000)::bigint as elapsed_ms,
            t.kind, t.gold_answer
            """;

  public enum Inserted {
    CREATED,
    EXISTING,
    TASK_ID_TAKEN
  }

  /** The lease query of {@link #lockNextTask}; its plan is checked against a deep queue in a test. */
  static final String NEXT_TASK =
      """
            select t.task_id from task t
            where t.state in ('open', 'escalated')
              and t.counted_answers + t.leased < t.required_labels
              and not exists (select 1 from lease m where m.task_id = t.task_id and m.account_id = :a)
            order by t.priority desc, t.created_at, t.task_id
            limit 1
            for no key update of t skip locked""";

  /**
   * Inserts the frame and its task unless the frame is known already. A task id that is taken
   * by another frame is reported, not overwritten.
   */
  public Inserted insertTask(Handle h, NewTask task) {
    int frames =
        h.createUpdate(
                """
                        insert into frame (frame_id, body, frame_uri)
                        values (:frameId, cast(:body as jsonb), :uri)
                        on conflict (frame_id) do nothing""")
            .bind("frameId", task.frameId())
            .bind("body", task.frameJson())
            .bind("uri", task.frameUri())
            .execute();
    if (frames == 0) {
      return Inserted.EXISTING;
    }
    int tasks =
        h.createUpdate(
                """
                        insert into task (task_id, frame_id, kind, priority, required_labels, gold_answer,
                                          machine_opinion, state)
                        values (:taskId, :frameId, :kind, :priority, :required, :gold,
                                cast(:opinion as jsonb), :state)
                        on conflict (task_id) do nothing""")
            .bind("taskId", task.taskId())
            .bind("frameId", task.frameId())
            .bind("kind", task.kind())
            .bind("priority", task.priority())
            .bind("required", task.requiredLabels())
            .bind("gold", task.goldAnswer())
            .bind("opinion", task.machineOpinionJson())
            .bind("state", "gold".equals(task.kind()) ? "gold" : "open")
            .execute();
    if (tasks == 0) {
      // a new frame under a task id already used for another frame: undo the frame row
      h.createUpdate("delete from frame where frame_id = :frameId")
          .bind("frameId", task.frameId())
          .execute();
      return Inserted.TASK_ID_TAKEN;
    }
    return Inserted.CREATED;
  }

  public Optional<String> taskIdOfFrame(Handle h, String frameId) {
    return h.createQuery("select task_id from task where frame_id = :f")
        .bind("f", frameId)
        .mapTo(String.class)
        .findOne();
  }

  public Optional<String> frameIdOfTask(Handle h, String taskId) {
    return h.createQuery("select frame_id from task where task_id = :t")
        .bind("t", taskId)
        .mapTo(String.class)
        .findOne();
  }

  public Optional<LeaseWithFrame> currentLease(Handle h, long accountId) {
    return h.createQuery(
            """
                        select l.lease_id, l.task_id,
                               (extract(epoch from l.leased_at) * 1000)::bigint as leased_ms,
                               (extract(epoch from l.expires_at) * 1000)::bigint as expires_ms,
                               f.body::text as body, f.frame_uri
                        from lease l join task t on t.task_id = l.task_id join frame f on f.frame_id = t.frame_id
                        where l.account_id = :a and l.state = 'active' and l.expires_at > now()
                        order by l.leased_at desc limit 1""")
        .bind("a", accountId)
        .map(
            (rs, ctx) ->
                new LeaseWithFrame(
                    rs.getLong("lease_id"),
                    rs.getString("task_id"),
                    rs.getLong("leased_ms"),
                    rs.getLong("expires_ms"),
                    rs.getString("body"),
                    rs.getString("frame_uri")))
        .findOne();
  }

  /** What the lease request needs to know of a labeller: tasks taken so far and their gold record. */
  public record Standing(long leasesTaken, long goldAnswers, long goldCorrect) {}

  /**
   * Takes the labeller's account row for the rest of the transaction: a labeller's lease requests
   * then run one after another, so the second sees the lease the first granted. Returns their
   * standing as of now, read from the counter on the row and their gold answers alone.
   */
  public Standing lockLabeller(Handle h, long accountId) {
    return h.createQuery(
            """
                        select c.leases_taken,
                               (select count(*) from answer a
                                where a.account_id = c.account_id and a.gold_correct is not null) as n,
                               (select count(*) from answer a
                                where a.account_id = c.account_id and a.gold_correct is not null and a.gold_correct)
                                   as correct
                        from account c where c.account_id = :a for no key update of c""")
        .bind("a", accountId)
        .map(
            (rs, ctx) ->
                new Standing(rs.getLong("leases_taken"), rs.getLong("n"), rs.getLong("correct")))
        .one();
  }

  /**
   * Moves the labeller's leases that ran out to state 'expired', which frees their place in the
   * index that allows one live lease per labeller. Call with the account locked.
   */
  public void expireLeases(Handle h, long accountId) {
    h.createUpdate(
            "update lease set state = 'expired' where account_id = :a and state = 'active' "
                + "and expires_at <= now()")
        .bind("a", accountId)
        .execute();
  }

  /**
   * Labellers who could still answer the task: labeller accounts that never held a lease on it
   * (nobody gets a task twice) and whose gold record does not set their labels aside.
   */
  public int eligibleLabellers(Handle h, String taskId, int goldMinAnswers, double goldThreshold) {
    return h.createQuery(
            """
                        select count(*) from account c
                        left join lateral (select count(*) filter (where a.gold_correct is not null) as n,
                                                  count(*) filter (where a.gold_correct) as correct
                                           from answer a where a.account_id = c.account_id) g on true
                        where c.role = 'labeller'
                          and not exists (select 1 from lease m where m.task_id = :t and m.account_id = c.account_id)
                          and (g.n < :min or g.correct >= :threshold * g.n)""")
        .bind("t", taskId)
        .bind("min", goldMinAnswers)
        .bind("threshold", goldThreshold)
        .mapTo(Integer.class)
        .one();
  }

  /** Whether the task escalated at least this long ago. */
  public boolean escalatedBefore(Handle h, String taskId, long waitMillis) {
    return h.createQuery(
            "select coalesce(escalated_at <= now() - :ms * interval '1 millisecond', false) "
                + "from task where task_id = :t")
        .bind("t", taskId)
        .bind("ms", waitMillis)
        .mapTo(Boolean.class)
        .one();
  }

  public int liveLeases(Handle h, String taskId) {
    return h.createQuery(
            "select count(*) from lease where task_id = :t and state = 'active' "
                + "and expires_at > now()")
        .bind("t", taskId)
        .mapTo(Integer.class)
        .one();
  }

  /** Escalated tasks that nobody holds now: the ones to check for having outgrown the crowd. */
  public List<String> idleEscalated(Handle h, int limit) {
    return h.createQuery(
            """
                        select t.task_id from task t
                        where t.state = 'escalated'
                          and not exists (select 1 from lease l where l.task_id = t.task_id and l.state = 'active'
                                          and l.expires_at > now())
                        order by t.task_id limit :n""")
        .bind("n", limit)
        .mapTo(String.class)
        .list();
  }

  /** The best gold task this labeller has not met; gold tasks are shared, so nothing is locked. */
  public Optional<String> unseenGoldTask(Handle h, long accountId) {
    return h.createQuery(
            """
                        select t.task_id from task t
                        where t.state = 'gold'
                          and not exists (select 1 from lease m where m.task_id = t.task_id and m.account_id = :a)
                        order by t.priority desc, t.created_at, t.task_id
                        limit 1""")
        .bind("a", accountId)
        .mapTo(String.class)
        .findOne();
  }

  /**
   * Moves leases that ran out, anyone's, to state 'expired', which gives their places back to
   * their tasks (the trigger lease_counts keeps task.leased). Live leases are at most one per
   * labeller and the index holds only those, so this looks at few rows however deep the queue.
   * SKIP LOCKED on the lease and its task: a lease its owner is answering or releasing right
   * now is theirs to settle, and never waiting here means never deadlocking with them.
   */
  public void expireRunOutLeases(Handle h) {
    h.createUpdate(
            """
                        with ran_out as (
                            select l.lease_id from lease l join task t on t.task_id = l.task_id
                            where l.state = 'active' and l.expires_at <= now()
                            for update of l skip locked for no key update of t skip locked
                        )
                        update lease set state = 'expired' from ran_out where lease.lease_id = ran_out.lease_id""")
        .execute();
  }

  /**
   * Locks the best task that still has a free place and that this labeller has not met.
   * Free places come from the task row (task.leased, kept by a trigger), and the partial index
   * task_free_idx holds only tasks with one, so the walk passes over nothing but tasks that
   * others are being given right now (SKIP LOCKED) or that this labeller has met.
   */
  public Optional<String> lockNextTask(Handle h, long accountId) {
    return h.createQuery(NEXT_TASK).bind("a", accountId).mapTo(String.class).findOne();
  }

  /**
   * Leases the task to the labeller and returns it with its frame; empty when they held a lease
   * on it before (nobody gets a task twice).
   */
  public Optional<LeaseWithFrame> grantLease(
      Handle h, String taskId, long accountId, long durationMillis) {
    return h.createQuery(
            """
                        with granted as (
                            insert into lease (task_id, account_id, expires_at)
                            values (:t, :a, now() + :ms * interval '1 millisecond')
                            on conflict (task_id, account_id) do nothing
                            returning lease_id, task_id, leased_at, expires_at
                        )
                        select g.lease_id, g.task_id,
                               (extract(epoch from g.leased_at) * 1000)::bigint as leased_ms,
                               (extract(epoch from g.expires_at) * 1000)::bigint as expires_ms,
                               f.body::text as body, f.frame_uri
                        from granted g join task t on t.task_id = g.task_id join frame f on f.frame_id = t.frame_id""")
        .bind("t", taskId)
        .bind("a", accountId)
        .bind("ms", durationMillis)
        .map(
            (rs, ctx) ->
                new LeaseWithFrame(
                    rs.getLong("lease_id"),
                    rs.getString("task_id"),
                    rs.getLong("leased_ms"),
                    rs.getLong("expires_ms"),
                    rs.getString("body"),
                    rs.getString("frame_uri")))
        .findOne();
  }

  public Optional<LeaseRow> lease(Handle h, long leaseId, boolean lock) {
    return h.createQuery(
            "select "
                + LEASE_COLUMNS
                + """
                        from lease l join task t on t.task_id = l.task_id
                        where l.lease_id = :id"""
                + (lock ? " for update of l" : ""))
        .bind("id", leaseId)
        .map(
            (rs, ctx) ->
                new LeaseRow(
                    rs.getLong("lease_id"),
                    rs.getString("task_id"),
                    rs.getLong("account_id"),
                    rs.getString("state"),
                    rs.getLong("leased_ms"),
                    rs.getLong("expires_ms"),
                    rs.getBoolean("expired"),
                    rs.getLong("elapsed_ms"),
                    rs.getString("kind"),
                    rs.getString("gold_answer")))
        .findOne();
  }

  public TaskRow lockTask(Handle h, String taskId) {
    return h.createQuery(
            """
                        select task_id, frame_id, kind, priority, required_labels, gold_answer, state, counted_answers
                        from task where task_id = :t for no key update""")
        .bind("t", taskId)
        .map((rs, ctx) -> taskRow(rs))
        .one();
  }

  public Optional<TaskRow> task(Handle h, String taskId) {
    return h.createQuery(
            """
                        select task_id, frame_id, kind, priority, required_labels, gold_answer, state, counted_answers
                        from task where task_id = :t""")
        .bind("t", taskId)
        .map((rs, ctx) -> taskRow(rs))
        .findOne();
  }

  private static TaskRow taskRow(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new TaskRow(
        rs.getString("task_id"),
        rs.getString("frame_id"),
        rs.getString("kind"),
        rs.getDouble("priority"),
        rs.getInt("required_labels"),
        rs.getString("gold_answer"),
        rs.getString("state"),
        rs.getInt("counted_answers"));
  }

  public void setLeaseState(Handle h, long leaseId, String state) {
    h.createUpdate("update lease set state = :s where lease_id = :id")
        .bind("s", state)
        .bind("id", leaseId)
        .execute();
  }

  public long insertAnswer(
      Handle h,
      LeaseRow lease,
      String answer,
      long activeMillis,
      boolean counted,
      String setAsideReason,
      Boolean goldCorrect) {
    return h.createQuery(
            """
                        insert into answer (lease_id, task_id, account_id, answer, active_millis, counted,
                                            set_aside_reason, gold_correct)
                        values (:lease, :task, :account, :answer, :ms, :counted, :reason, :gold)
                        returning answer_id""")
        .bind("lease", lease.leaseId())
        .bind("task", lease.taskId())
        .bind("account", lease.accountId())
        .bind("answer", answer)
        .bind("ms", activeMillis)
        .bind("counted", counted)
        .bind("reason", setAsideReason)
        .bind("gold", goldCorrect)
        .mapTo(Long.class)
        .one();
  }

  /** Gold answers given and gold answers right, for one labeller. */
  public long[] goldRecord(Handle h, long accountId) {
    return h.createQuery(
            """
                        select count(*) as n, count(*) filter (where gold_correct) as correct
                        from answer where account_id = :a and gold_correct is not null""")
        .bind("a", accountId)
        .map((rs, ctx) -> new long[] {rs.getLong("n"), rs.getLong("correct")})
        .one();
  }

  public void setCountedAnswers(Handle h, String taskId, int counted) {
    h.createUpdate("update task set counted_answers = :c where task_id = :t")
        .bind("c", counted)
        .bind("t", taskId)
        .execute();
  }

  public void setAside(Handle h, long answerId, String reason) {
    h.createUpdate("update answer set counted = false, set_aside_reason = :r where answer_id = :id")
        .bind("r", reason)
        .bind("id", answerId)
        .execute();
  }

  public void escalate(Handle h, String taskId, int requiredLabels) {
    h.createUpdate(
            "update task set required_labels = :k, state = 'escalated', escalated_at = now() "
                + "where task_id = :t")
        .bind("k", requiredLabels)
        .bind("t", taskId)
        .execute();
  }

  public void resolve(Handle h, String taskId, String state) {
    h.createUpdate("update task set state = :s, resolved_at = now() where task_id = :t")
        .bind("s", state)
        .bind("t", taskId)
        .execute();
  }

  /** Every answer of a task with what it was paid, oldest first. */
  public List<AnswerRow> answers(Handle h, String taskId) {
    return h.createQuery(
            """
                        select a.answer_id, a.account_id, c.labeller_id, a.answer, a.active_millis,
                               (extract(epoch from a.answered_at) * 1000)::bigint as answered_ms,
                               a.counted, a.set_aside_reason,
                               coalesce(p.amount_cents, 0) as pay, coalesce(p.currency, '') as currency
                        from answer a
                        join account c on c.account_id = a.account_id
                        left join pay_entry p on p.answer_id = a.answer_id
                        where a.task_id = :t
                        order by a.answer_id""")
        .bind("t", taskId)
        .map(
            (rs, ctx) ->
                new AnswerRow(
                    rs.getLong("answer_id"),
                    rs.getLong("account_id"),
                    rs.getString("labeller_id"),
                    rs.getString("answer"),
                    rs.getLong("active_millis"),
                    rs.getLong("answered_ms"),
                    rs.getBoolean("counted"),
                    rs.getString("set_aside_reason"),
                    rs.getLong("pay"),
                    rs.getString("currency")))
        .list();
  }

  public long answerCount(Handle h, long accountId) {
    return h.createQuery("select count(*) from answer where account_id = :a")
        .bind("a", accountId)
        .mapTo(Long.class)
        .one();
  }

  /** Tasks by state, and live leases: the queue's depth for metrics and admins. */
  public java.util.Map<String, Long> countsByState(Handle h) {
    java.util.Map<String, Long> counts = new java.util.HashMap<>();
    h.createQuery("select state, count(*) as n from task group by state")
        .map((rs, ctx) -> java.util.Map.entry(rs.getString("state"), rs.getLong("n")))
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    counts.put(
        "active_leases",
        h.createQuery("select count(*) from lease where state = 'active' and expires_at > now()")
            .mapTo(Long.class)
            .one());
    return counts;
  }
}
