package dev.handmade.labelling.core;

import static dev.handmade.schema.ObjectClass.CAR;
import static dev.handmade.schema.ObjectClass.TREE;
import static dev.handmade.schema.ObjectClass.TRUCK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.schema.ObjectClass;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsensusTest {

  private final Consensus consensus = new Consensus(2, 5);

  private static List<ObjectClass> answers(ObjectClass... a) {
    return Arrays.asList(a);
  }

  @Test
  void waitsUntilItHasTheRequiredAnswers() {
    assertThat(consensus.decide(answers(CAR, CAR), 3)).isInstanceOf(Consensus.Waiting.class);
  }

  @Test
  void oneAnswerIsEnoughWhenOneIsRequired() {
    assertThat(consensus.decide(answers(TREE), 1)).isEqualTo(new Consensus.Verified(TREE, 1f));
  }

  @Test
  void twoOfThreeIsAMajority() {
    var outcome = (Consensus.Verified) consensus.decide(answers(CAR, TRUCK, CAR), 3);
    assertThat(outcome.label()).isEqualTo(CAR);
    assertThat(outcome.agreement()).isEqualTo(2f / 3);
  }

  @Test
  void threeWaySplitEscalatesByTheStep() {
    assertThat(consensus.decide(answers(CAR, TRUCK, TREE), 3))
        .isEqualTo(new Consensus.Escalate(5, "car=1, truck=1, tree=1"));
  }

  @Test
  void cantTellCountsAsAnAnswerButVotesForNothing() {
    assertThat(consensus.decide(answers((ObjectClass) null), 1))
        .isInstanceOf(Consensus.Escalate.class);
    // 2 of 3 name car: still a majority with a can't-tell among them
    assertThat(consensus.decide(answers(CAR, null, CAR), 3))
        .isEqualTo(new Consensus.Verified(CAR, 2f / 3));
    // 2 of 4 is no majority
    assertThat(consensus.decide(answers(CAR, null, CAR, TRUCK), 4))
        .isInstanceOf(Consensus.Escalate.class);
  }

  @Test
  void endsUnresolvedAtTheMostLabels() {
    var outcome = consensus.decide(answers(CAR, CAR, TRUCK, TRUCK, null), 5);
    assertThat(outcome)
        .isEqualTo(
            new Consensus.Unresolved("no majority after 5 labels: car=2, truck=2, cant_tell=1"));
  }

  @Test
  void escalationNeverPassesTheMost() {
    assertThat(new Consensus(3, 4).decide(answers(CAR, TRUCK), 2))
        .isEqualTo(new Consensus.Escalate(4, "car=1, truck=1"));
  }
}
