package dev.handmade.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.testsupport.CommandHelp;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's {@code --help} renders cleanly. */
class HelpTextTest {

  @Test
  void everyCommandsHelpRendersWithoutAWarning() {
    CommandLine cli = HandmadeCli.commandLine();
    assertThat(CommandHelp.warnings(cli)).as("picocli's warnings").isEmpty();
    assertThat(cli.getSubcommands()).hasSizeGreaterThan(10);
  }
}
