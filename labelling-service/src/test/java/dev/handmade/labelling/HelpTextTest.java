package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.testsupport.CommandHelp;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve --help} and {@code bench --help} render cleanly (bench's once printed a warning). */
class HelpTextTest {

  @Test
  void everyCommandsHelpRendersWithoutAWarning() {
    CommandLine cli = new CommandLine(new Main());
    assertThat(CommandHelp.warnings(cli)).as("picocli's warnings").isEmpty();
    assertThat(cli.getSubcommands()).containsKeys("serve", "bench");
  }
}
