package dev.handmade.labelling;

import dev.handmade.labelling.cli.BenchCommand;
import dev.handmade.labelling.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "handmade-labelling-service",
    mixinStandardHelpOptions = true,
    description =
        "The Handmade labelling service: a durable queue of frames for people, and their page.",
    subcommands = {ServeCommand.class, BenchCommand.class})
public final class Main {

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
