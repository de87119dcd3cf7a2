package dev.handmade.model.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeThreadsTest {

  @Test
  void oneThreadUnlessOmpNumThreadsAsksForMore() {
    assertThat(NativeThreads.threadsFor(null)).isEqualTo(1);
    assertThat(NativeThreads.threadsFor("4")).isEqualTo(4);
    assertThat(NativeThreads.threadsFor(" 2 ")).isEqualTo(2);
  }

  @Test
  void aValueThatIsNotAPositiveNumberMeansOne() {
    assertThat(NativeThreads.threadsFor("")).isEqualTo(1);
    assertThat(NativeThreads.threadsFor("0")).isEqualTo(1);
    assertThat(NativeThreads.threadsFor("-3")).isEqualTo(1);
    assertThat(NativeThreads.threadsFor("two")).isEqualTo(1);
  }
}
