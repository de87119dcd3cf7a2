package dev.handmade.labelling.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.handmade.labelling.api.Wire;
import dev.handmade.labelling.core.Rejection;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.BadMessageException;

/** Reads request bodies with a size limit and turns JSON mistakes into errors that name the field. */
final class Bodies {

  /** Past the limit the rest of the body is read and dropped, up to this much, so the client sees the answer. */
  private static final long DRAIN_LIMIT = 64L << 20;

  private final ObjectMapper mapper;

  Bodies(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  byte[] read(Context ctx, int limit) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      // said up front: no need to read a byte of it
      throw new Rejection(
          Rejection.Reason.TOO_LARGE, "body", "body larger than " + limit + " bytes");
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] data = in.readNBytes(limit + 1);
      if (data.length > limit) {
        long drained = 0;
        byte[] sink = new byte[64 * 1024];
        for (int n; drained < DRAIN_LIMIT && (n = in.read(sink)) > 0; ) {
          drained += n;
        }
        throw new Rejection(
            Rejection.Reason.TOO_LARGE, "body", "body larger than " + limit + " bytes");
      }
      return data;
    } catch (BadMessageException e) {
      throw new Rejection(
          e.getCode() == 408 ? Rejection.Reason.TOO_SLOW : Rejection.Reason.BAD_INPUT,
          "body",
          e.getCode() == 408 ? "the body arrived too slowly" : "could not read the body");
    } catch (IOException e) {
      throw Rejection.badInput(
          "body", "could not read the body: it ended early or the connection failed");
    }
  }

  <T> T parse(Context ctx, int limit, Class<T> type) {
    requireJson(ctx);
    byte[] body = read(ctx, limit);
    if (body.length == 0) {
      throw Rejection.badInput("body", "a JSON body is required");
    }
    try {
      T value = mapper.readValue(body, type);
      if (value == null) {
        throw Rejection.badInput("body", "a JSON object is required");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw rejection(e);
    } catch (IOException e) {
      throw Rejection.badInput("body", "could not read the body");
    }
  }

  /** A JSON body must say so: text/plain or a form is not read as JSON by accident (or by a cross-site form). */
  private static void requireJson(Context ctx) {
    String type = ctx.header("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json")) {
      throw new Rejection(
          Rejection.Reason.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type",
          "the body must be JSON, sent with Content-Type: application/json"
              + (type == null ? "" : "; got '" + clip(type) + "'"));
    }
  }

  private static String clip(String s) {
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
  }

  JsonNode tree(Context ctx, int limit) {
    JsonNode node = parse(ctx, limit, JsonNode.class);
    if (!node.isObject()) {
      throw Rejection.badInput("body", "a JSON object is required");
    }
    return node;
  }

  static Rejection rejection(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return Rejection.badInput(
          "body", "JSON nested too deeply, or a number, name or string too long");
    }
    if (malformed(e)) {
      return Rejection.badInput("body", "malformed JSON" + where(e));
    }
    if (e instanceof JsonMappingException m) {
      String field = path(m.getPath());
      if (m instanceof InvalidFormatException f
          && f.getTargetType() != null
          && f.getTargetType().isEnum()) {
        @SuppressWarnings("unchecked")
        Class<? extends Enum<?>> type = (Class<? extends Enum<?>>) f.getTargetType();
        return Rejection.badInput(
            field,
            "unknown value '"
                + clip(String.valueOf(f.getValue()))
                + "'; expected one of "
                + Wire.choices(type));
      }
      if (m instanceof MismatchedInputException mi && mi.getTargetType() != null) {
        return Rejection.badInput(field, "wrong type: expected " + describe(mi.getTargetType()));
      }
      return Rejection.badInput(field, "not a valid value here");
    }
    return Rejection.badInput("body", "not valid JSON for this endpoint");
  }

  /**
   * Where the JSON went wrong, without the parser's own words: those name Jackson's classes and
   * switches (StreamReadConstraints, JsonReadFeature...), which are no business of the caller.
   */
  private static String where(JsonProcessingException e) {
    var location = e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** Databind wraps syntax errors met inside an object with a path; they are still malformed JSON. */
  private static boolean malformed(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JsonParseException || t instanceof JsonEOFException) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Class<?> type) {
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isArray() || List.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type.isEnum()) {
      return "a name";
    }
    return "an object";
  }

  static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder field = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (!field.isEmpty()) {
          field.append('.');
        }
        field.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        field.append('[').append(ref.getIndex()).append(']');
      }
    }
    return field.isEmpty() ? "body" : field.toString();
  }
}
