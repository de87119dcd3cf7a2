package dev.handmade.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's {@code --help} renders cleanly: picocli warns on stderr when a description is not a valid format. */
class HelpTextTest {

  @Test
  void everyCommandsHelpRendersWithoutAWarning() {
    CommandLine cli = HandmadeCli.commandLine();
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(cli.getUsageMessage()).contains("up");
      for (Map.Entry<String, CommandLine> command : cli.getSubcommands().entrySet()) {
        assertThat(command.getValue().getUsageMessage()).as(command.getKey()).contains("Usage:");
      }
    } finally {
      System.setErr(err);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).as("picocli's warnings").isEmpty();
    assertThat(cli.getSubcommands()).hasSizeGreaterThan(10);
  }
}
