package dev.handmade.labelling.db;

import java.util.List;
import org.jdbi.v3.core.Handle;

/** What a labeller's answers became: the frames whose verified label is their answer. */
public final class ContributionDao {

  /**
   * The frames of verified tasks where this labeller's counted answer is the label. Only the feed
   * is read, not the entries still staged for it: a label reaches a trainer through the feed alone.
   */
  public List<String> verifiedFrames(Handle h, long accountId) {
    return h.createQuery(
            """
                        select t.frame_id
                        from answer a
                        join task t on t.task_id = a.task_id
                        join feed f on f.task_id = a.task_id
                        where a.account_id = :a and a.counted and f.outcome = 'verified'
                          and a.answer = f.entry ->> 'label'""")
        .bind("a", accountId)
        .mapTo(String.class)
        .list();
  }
}
