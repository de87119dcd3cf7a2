package dev.handmade.labelling.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.labelling.api.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Jetty's own answers (a request line too long, headers too large, an HTTP version it does not
 * speak, a bad URI) in the API's error shape instead of Jetty's HTML page. These never reach
 * Javalin: Jetty refuses them while parsing.
 */
final class JsonErrorHandler extends ErrorHandler {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  JsonErrorHandler() {
    setShowStacks(false);
    setShowServlet(false);
    setShowMessageInTitle(false);
  }

  /** What Jetty's parser answers: 400, 414, 431, 505 and their kind. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    if (HttpStatus.hasNoBody(status)) {
      return BufferUtil.EMPTY_BUFFER;
    }
    SecurityHeaders.api(fields::put);
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return BufferUtil.toBuffer(body(status, reason));
  }

  /** What Jetty answers inside the servlet container, before or around Javalin. */
  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    SecurityHeaders.api(response::setHeader);
    response.setContentType("application/json");
    response.getOutputStream().write(body(code, message));
  }

  static byte[] body(int status, String reason) {
    String message = HttpStatus.getMessage(status);
    // Jetty's reasons are short and its own ("URI too long", "Request Header Fields Too Large")
    if (reason != null && !reason.isBlank() && reason.length() <= 200 && !reason.contains("\n")) {
      message = reason;
    }
    try {
      return MAPPER.writeValueAsBytes(new ErrorBody(status + " " + message, field(status)));
    } catch (JsonProcessingException e) {
      return ("{\"error\":\"" + status + "\",\"field\":null}").getBytes(StandardCharsets.UTF_8);
    }
  }

  private static String field(int status) {
    return switch (status) {
      case 414 -> "path";
      case 431 -> "headers";
      case 505 -> "version";
      case 413 -> "body";
      default -> null;
    };
  }
}
