package dev.handmade.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code handmade report} while the stack's S3 server is down: a sentence and exit code 2, no stack trace. */
class UnreachableStoreTest {

  @Test
  void reportAgainstAStoppedStackSaysWhatToDo(@TempDir Path data) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CommandLine cli = HandmadeCli.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));

    int exit =
        cli.execute(
            "report", "--s3-endpoint", "http://127.0.0.1:" + port, "--data", data.toString());

    assertThat(exit).isEqualTo(CliError.EXIT_CODE);
    assertThat(err.toString())
        .contains("127.0.0.1:" + port)
        .contains("unreachable")
        .contains("handmade up")
        .doesNotContain("\tat ");
  }
}
