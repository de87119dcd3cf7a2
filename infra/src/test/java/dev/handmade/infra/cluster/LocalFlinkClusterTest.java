package dev.handmade.infra.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalFlinkClusterTest {

  @Test
  void aJvmGetsItsMemoryLimitsThenFlinksOptionsForAllThenForItsRole() {
    Map<String, String> config =
        Map.of(
            "env.java.opts.all", " -XX:+UseSerialGC  -Dx=1 ",
            "env.java.opts.jobmanager", "-XX:TieredStopAtLevel=1",
            "env.java.opts.taskmanager", "-Dtm=yes");
    assertThat(LocalFlinkCluster.jvmOptions(List.of("-Xmx768m"), config, "jobmanager"))
        .containsExactly("-Xmx768m", "-XX:+UseSerialGC", "-Dx=1", "-XX:TieredStopAtLevel=1");
    assertThat(LocalFlinkCluster.jvmOptions(List.of("-Xmx1g"), config, "taskmanager"))
        .containsExactly("-Xmx1g", "-XX:+UseSerialGC", "-Dx=1", "-Dtm=yes");
    assertThat(LocalFlinkCluster.jvmOptions(List.of("-Xmx1g"), Map.of(), "taskmanager"))
        .containsExactly("-Xmx1g");
  }
}
