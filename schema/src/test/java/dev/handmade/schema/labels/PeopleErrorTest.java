package dev.handmade.schema.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeopleErrorTest {

  @Test
  void oneLabellersLabelIsWrongAsOftenAsTheyAre() {
    // right: 0.9; wrong: 7 classes at 0.1 / 7 each, 0.1 in all
    assertThat(PeopleError.labelWrong(List.of(0.9), List.of(), 8)).isCloseTo(0.1, within(1e-12));
    assertThat(PeopleError.labelWrong(List.of(0.6), List.of(), 2)).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void agreeingLabellersMustAllHaveErredTheSameWay() {
    // right: 0.9 * 0.8 = 0.72; each of 7 other classes: (0.1 / 7) * (0.2 / 7)
    double wrong = 7 * (0.1 / 7) * (0.2 / 7);
    assertThat(PeopleError.labelWrong(List.of(0.9, 0.8), List.of(), 8))
        .isCloseTo(wrong / (0.72 + wrong), within(1e-12));
  }

  @Test
  void aDissentingAnswerMakesItsClassLikelier() {
    // answers CAR (0.9), CAR (0.9), TREE (0.9) of 3 classes: CAR 0.9 * 0.9 * 0.05,
    // TREE 0.05 * 0.05 * 0.9, the third class 0.05 * 0.05 * 0.05
    double car = 0.9 * 0.9 * 0.05;
    double tree = 0.05 * 0.05 * 0.9;
    double third = 0.05 * 0.05 * 0.05;
    assertThat(PeopleError.labelWrong(List.of(0.9, 0.9), List.of(List.of(0.9)), 3))
        .isCloseTo((tree + third) / (car + tree + third), within(1e-12));
  }

  @Test
  void manyPerfectAnswersStayFinite() {
    List<Double> hundred = Collections.nCopies(100, 1.0);
    assertThat(PeopleError.labelWrong(hundred, List.of(List.of(1.0)), 8)).isBetween(0.0, 1e-9);
    assertThat(PeopleError.labelWrong(List.of(0.0), List.of(), 8)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void theConsensusBoundIsTheWilsonUpperEndToThePowerOfTheAgreeing() {
    // 10 of 100 answers disagreed, z = 1.96: the upper end of the Wilson interval is 0.17437
    double bound = PeopleError.personErrorBound(100, 10, 1.96);
    assertThat(bound).isCloseTo(0.1744, within(1e-4));
    assertThat(PeopleError.agreedLabelWrongBound(bound, 3))
        .isCloseTo(bound * bound * bound, within(1e-15));
    assertThat(PeopleError.agreedLabelWrongBound(bound, 0)).isEqualTo(bound);
    assertThat(PeopleError.personErrorBound(0, 0, 1.96)).as("nothing bounds it").isEqualTo(1);
  }

  @Test
  void badInputIsNamed() {
    assertThatThrownBy(() -> PeopleError.labelWrong(List.of(1.5), List.of(), 8))
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> PeopleError.labelWrong(List.of(0.9), List.of(List.of(0.9)), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PeopleError.personErrorBound(10, 11, 1.96))
        .hasMessageContaining("11 disagreeing of 10");
  }
}
