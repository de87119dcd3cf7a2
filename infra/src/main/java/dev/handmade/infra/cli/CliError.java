package dev.handmade.infra.cli;

/**
 * A failure the user can fix, said in one sentence that says how: printed without a stack trace,
 * with exit code {@value #EXIT_CODE}. Anything else that escapes a command is a bug and keeps its trace.
 */
final class CliError extends RuntimeException {

  static final int EXIT_CODE = 2;

  CliError(String message, Throwable cause) {
    super(message, cause);
  }
}
