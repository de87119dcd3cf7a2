package dev.handmade.labelling.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The records and the client against openapi.yaml, the document the service serves: every route
 * the client calls is in it, and every record has the properties, types and required fields of
 * the schema it travels as, nested records included. A field added on one side only fails here.
 */
class OpenApiContractTest {

  private static final String JSON = "content/application~1json/schema";

  /** Each top-level record, and where its schema is in the document (a JSON pointer below /paths or a name). */
  private static final Map<Class<? extends Record>, String> SCHEMAS =
      Map.ofEntries(
          Map.entry(IntakeRequest.class, op("/api/tasks", "post") + "/requestBody/" + JSON),
          Map.entry(IntakeResult.class, op("/api/tasks", "post") + "/responses/201/" + JSON),
          Map.entry(TaskSubmission.class, "Task"),
          Map.entry(FrameData.class, "Frame"),
          Map.entry(TaskStatus.class, op("/api/tasks/{taskId}", "get") + "/responses/200/" + JSON),
          Map.entry(FeedPage.class, op("/api/feed", "get") + "/responses/200/" + JSON),
          Map.entry(FeedEntry.class, "FeedEntry"),
          Map.entry(QueueStats.class, op("/api/queue", "get") + "/responses/200/" + JSON),
          Map.entry(LeaseView.class, op("/api/leases", "post") + "/responses/200/" + JSON),
          Map.entry(
              AnswerRequest.class,
              op("/api/leases/{leaseId}/answer", "post") + "/requestBody/" + JSON),
          Map.entry(
              AnswerReceipt.class,
              op("/api/leases/{leaseId}/answer", "post") + "/responses/200/" + JSON),
          Map.entry(TodaySummary.class, op("/api/me/today", "get") + "/responses/200/" + JSON),
          Map.entry(
              ContributionsView.class,
              op("/api/me/contributions", "get") + "/responses/200/" + JSON),
          Map.entry(NewAccountRequest.class, op("/api/accounts", "post") + "/requestBody/" + JSON),
          Map.entry(AccountView.class, op("/api/accounts", "post") + "/responses/201/" + JSON),
          Map.entry(
              LabellerView.class,
              op("/api/labellers", "get") + "/responses/200/" + JSON + "/items"),
          Map.entry(
              LedgerView.class,
              op("/api/labellers/{labellerId}/ledger", "get") + "/responses/200/" + JSON),
          Map.entry(
              PieceRateRequest.class, op("/api/piece-rates", "post") + "/requestBody/" + JSON),
          Map.entry(SettlementView.class, op("/api/pay/settle", "post") + "/responses/200/" + JSON),
          Map.entry(PayDaysView.class, op("/api/pay/days", "get") + "/responses/200/" + JSON),
          Map.entry(ErrorBody.class, "Error"));

  /**
   * What the service reads rather than writes. It checks their required fields itself, naming the
   * field in a 400, so these records mark none; the document's required fields must still be in them.
   */
  private static final Set<Class<? extends Record>> REQUESTS =
      Set.of(
          IntakeRequest.class,
          TaskSubmission.class,
          FrameData.class,
          AnswerRequest.class,
          NewAccountRequest.class,
          PieceRateRequest.class);

  private static JsonNode document;

  @BeforeAll
  static void readDocument() throws IOException {
    try (InputStream in = Wire.class.getResourceAsStream(Wire.OPENAPI)) {
      assertThat(in).as(Wire.OPENAPI).isNotNull();
      document = new YAMLMapper().readTree(in);
    }
  }

  @Test
  void everyRouteTheClientCallsIsInTheDocument() {
    for (LabellingApiClient.Endpoint endpoint : LabellingApiClient.Endpoint.values()) {
      JsonNode operation =
          document
              .path("paths")
              .path(endpoint.template)
              .path(endpoint.method.toLowerCase(Locale.ROOT));
      assertThat(operation.isObject()).as(endpoint.method + " " + endpoint.template).isTrue();
    }
  }

  @Test
  void everyRecordMatchesItsSchema() {
    List<String> problems = new ArrayList<>();
    SCHEMAS.forEach(
        (type, where) ->
            compare(
                type.getSimpleName(), type, schemaAt(where), REQUESTS.contains(type), problems));
    assertThat(problems).isEmpty();
  }

  @Test
  void everyRecordOfTheApiHasItsPlaceInTheDocument() throws IOException, URISyntaxException {
    Path classes =
        Path.of(Wire.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve(Wire.class.getPackageName().replace('.', '/'));
    Set<String> records = new TreeSet<>();
    try (Stream<Path> files = Files.list(classes)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".class") && !name.contains("$")) {
          Class<?> type = loadApiClass(name.substring(0, name.length() - ".class".length()));
          if (type.isRecord()) {
            records.add(type.getSimpleName());
          }
        }
      }
    }
    Set<String> mapped = new TreeSet<>();
    SCHEMAS.keySet().forEach(type -> mapped.add(type.getSimpleName()));
    assertThat(records).isNotEmpty().isEqualTo(mapped);
  }

  @Test
  void theCheckFindsAFieldTheDocumentLacks() {
    record Drifted(long sequence, String outcome, String colour) {}
    List<String> problems = new ArrayList<>();

    compare("Drifted", Drifted.class, schemaAt("FeedEntry"), false, problems);

    assertThat(problems)
        .anyMatch(p -> p.contains("Drifted.colour") && p.contains("not in the document"))
        .anyMatch(p -> p.contains("Drifted.taskId") && p.contains("not in the record"))
        .anyMatch(p -> p.contains("Drifted.sequence") && p.contains("required"));
  }

  private static String op(String path, String method) {
    return "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method;
  }

  private static JsonNode schemaAt(String where) {
    JsonNode node =
        where.startsWith("/")
            ? document.at(where)
            : document.path("components").path("schemas").path(where);
    assertThat(node.isMissingNode()).as(where).isFalse();
    return node;
  }

  /** A schema with its $ref and allOf parts resolved into one: their properties and required fields together. */
  private record Schema(
      String type,
      Map<String, JsonNode> properties,
      Set<String> required,
      JsonNode items,
      Set<String> symbols,
      boolean nullable) {}

  private static Schema resolve(JsonNode node) {
    if (node.has("$ref")) {
      String ref = node.get("$ref").asText();
      Schema target = resolve(document.at(ref.substring(1)));
      return node.path("nullable").asBoolean() ? withNullable(target) : target;
    }
    Map<String, JsonNode> properties = new java.util.LinkedHashMap<>();
    Set<String> required = new LinkedHashSet<>();
    Set<String> symbols = new LinkedHashSet<>();
    String type = node.path("type").asText(null);
    JsonNode items = node.get("items");
    boolean nullable = node.path("nullable").asBoolean();
    for (JsonNode part : node.path("allOf")) {
      Schema s = resolve(part);
      properties.putAll(s.properties());
      required.addAll(s.required());
      symbols.addAll(s.symbols());
      type = type == null ? s.type() : type;
      items = items == null ? s.items() : items;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      properties.put(e.getKey(), e.getValue());
    }
    node.path("required").forEach(r -> required.add(r.asText()));
    node.path("enum").forEach(v -> symbols.add(v.asText()));
    return new Schema(type, properties, required, items, symbols, nullable);
  }

  private static Schema withNullable(Schema s) {
    return new Schema(s.type(), s.properties(), s.required(), s.items(), s.symbols(), true);
  }

  private static void compare(
      String where, Class<?> record, JsonNode node, boolean request, List<String> problems) {
    Schema schema = resolve(node);
    if (!"object".equals(schema.type())) {
      problems.add(where + ": the document's schema is a " + schema.type() + ", not an object");
      return;
    }
    Set<String> components = new LinkedHashSet<>();
    for (RecordComponent c : record.getRecordComponents()) {
      String at = where + "." + c.getName();
      components.add(c.getName());
      JsonNode property = schema.properties().get(c.getName());
      if (property == null) {
        problems.add(at + ": not in the document");
        continue;
      }
      // Jackson's annotation reaches the accessor, not the record component itself
      JsonProperty annotation = c.getAccessor().getAnnotation(JsonProperty.class);
      boolean required = annotation != null && annotation.required();
      if (request ? required : required != schema.required().contains(c.getName())) {
        problems.add(at + ": required in the " + (required ? "record" : "document") + " only");
      }
      compareType(at, c.getGenericType(), property, request, problems);
    }
    for (String name : schema.properties().keySet()) {
      if (!components.contains(name)) {
        problems.add(where + "." + name + ": not in the record");
      }
    }
    for (String name : schema.required()) {
      if (!schema.properties().containsKey(name)) {
        problems.add(where + "." + name + ": required, but not a property in the document");
      }
    }
  }

  private static void compareType(
      String at, Type type, JsonNode node, boolean request, List<String> problems) {
    Schema schema = resolve(node);
    Class<?> raw =
        type instanceof ParameterizedType p
            ? (Class<?>) p.getRawType()
            : type instanceof GenericArrayType ? Object[].class : (Class<?>) type;
    if (raw.isPrimitive() && schema.nullable()) {
      problems.add(at + ": nullable in the document, but a " + raw + " in the record");
    }
    if (raw == JsonNode.class) {
      return;
    }
    String expected = expectedType(raw);
    if (!expected.equals(schema.type())) {
      problems.add(
          at
              + ": a "
              + schema.type()
              + " in the document, a "
              + raw.getSimpleName()
              + " in the record");
      return;
    }
    if (raw.isEnum()) {
      Set<String> symbols = new LinkedHashSet<>();
      Arrays.stream(raw.getEnumConstants()).forEach(e -> symbols.add(Wire.name((Enum<?>) e)));
      // a document without symbols takes any string (an answer may also be "cant_tell")
      if (!schema.symbols().isEmpty() && !schema.symbols().equals(symbols)) {
        problems.add(
            at
                + ": the document's symbols "
                + schema.symbols()
                + " are not the record's "
                + symbols);
      }
    } else if (raw.isRecord()) {
      compare(at, raw, node, request, problems);
    } else if (expected.equals("array")) {
      Type element =
          type instanceof ParameterizedType p
              ? p.getActualTypeArguments()[0]
              : raw.getComponentType();
      if (schema.items() == null) {
        problems.add(at + ": an array without items in the document");
      } else {
        compareType(at + "[]", element, schema.items(), request, problems);
      }
    }
  }

  private static String expectedType(Class<?> raw) {
    if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
      return "integer";
    }
    if (raw == float.class || raw == double.class || raw == Float.class || raw == Double.class) {
      return "number";
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return "boolean";
    }
    if (raw == String.class || raw.isEnum()) {
      return "string";
    }
    if (List.class.isAssignableFrom(raw) || raw.isArray()) {
      return "array";
    }
    return "object";
  }

  private static Class<?> loadApiClass(String simpleName) {
    try {
      return Class.forName(Wire.class.getPackageName() + "." + simpleName);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
