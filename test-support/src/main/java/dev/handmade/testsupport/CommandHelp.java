package dev.handmade.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Renders the help of a command and of every command under it, as {@code --help} would. picocli
 * does not fail on a description that is not a valid format string (a bare {@code %}): it prints a
 * warning on stderr and shows the text unformatted, so a test has to look for the warning.
 */
public final class CommandHelp {

  private CommandHelp() {}

  /** What picocli printed on stderr while rendering every command's help: empty when all is well. */
  public static String warnings(CommandLine command) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      render(command);
    } finally {
      System.setErr(err);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static void render(CommandLine command) {
    if (!command.getUsageMessage().contains("Usage:")) {
      throw new AssertionError("no usage line in the help of " + command.getCommandName());
    }
    command.getSubcommands().values().forEach(CommandHelp::render);
  }
}
