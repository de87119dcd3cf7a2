package dev.handmade.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Endpoints where no S3 server answers, for failure tests. */
public final class UnreachableEndpoints {

  private UnreachableEndpoints() {}

  /**
   * An endpoint on a loopback port that was free a moment ago and is closed now: connecting is
   * refused at once.
   */
  public static String closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A port that accepts TCP connections (the kernel completes them into the backlog) but never
   * answers: what a hung server looks like. Only the client's read timeout ends a request.
   */
  public static final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;

    public SilentServer() {
      try {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public String endpoint() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
