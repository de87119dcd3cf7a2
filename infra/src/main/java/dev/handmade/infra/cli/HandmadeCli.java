package dev.handmade.infra.cli;

import dev.handmade.storage.ObjectStoreUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code handmade}: the one command line of the project. */
@Command(
    name = "handmade",
    mixinStandardHelpOptions = true,
    version = "handmade 0.1.0",
    description = "A human-in-the-loop training pipeline for perception models.",
    subcommands = {
      UpCommand.class,
      ClusterCommand.class,
      DemoCommand.class,
      BenchInferenceCommand.class,
      BenchLoopCommand.class,
      BenchClusterCommand.class,
      BenchReportCommand.class,
      ActiveLearningCommand.class,
      ImportKittiCommand.class,
      ImportNuScenesCommand.class,
      ProposalQualityCommand.class,
      ReportCommand.class,
      VerifyCommand.class,
      ProvenanceCommand.class
    })
public final class HandmadeCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line, with a user's mistake ({@link CliError}) or an object store that does not
   * answer said in a sentence, not a stack trace.
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new HandmadeCli());
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof CliError) {
            line.getErr().println(e.getMessage());
            return CliError.EXIT_CODE;
          }
          if (e instanceof ObjectStoreUnavailableException) {
            // the commonest mistake: reading a stack's data while its S3 server is not running
            line.getErr()
                .println(
                    e.getMessage()
                        + "\nStart it (`handmade up` serves ./data), or name one that runs with"
                        + " --s3-endpoint.");
            return CliError.EXIT_CODE;
          }
          throw e;
        });
    return cli;
  }
}
