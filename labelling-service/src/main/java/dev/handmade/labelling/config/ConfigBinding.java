package dev.handmade.labelling.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Binds layers of configuration onto {@link ServiceConfig} with Jackson: the bundled
 * {@code defaults.yaml}, a YAML file, the environment and explicit overrides are trees merged in
 * that order, then bound in one pass. Binding errors become {@link ConfigException}s that name
 * the key, so a bad value never reaches the operator as a stack trace.
 */
final class ConfigBinding {

  private static final String DEFAULTS_RESOURCE = "defaults.yaml";

  private static final ObjectMapper MAPPER =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .addModule(valueTypes())
          .build();

  static {
    // "" for a number is an error, as it was when values were parsed by hand
    MAPPER
        .coercionConfigDefaults()
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
  }

  /** The defaults, and with them the set of keys: whatever defaults.yaml names. */
  static final ObjectNode DEFAULTS = readDefaults();

  /** Every key, dotted: {@code consensus.defaultRequiredLabels}. */
  static final List<String> KEYS = leafKeys("", DEFAULTS, new ArrayList<>());

  private ConfigBinding() {}

  /** A YAML file's tree; empty for an empty file. */
  static ObjectNode readFile(Path file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ConfigException("config file", "cannot read " + file + ": " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return MAPPER.createObjectNode();
    }
    if (!root.isObject()) {
      throw new ConfigException("config file", file + " must hold a mapping of sections");
    }
    return (ObjectNode) root;
  }

  /** Dotted keys and their values as a tree of sections, as a YAML file would give them. */
  static ObjectNode tree(Map<String, String> values) {
    ObjectNode root = MAPPER.createObjectNode();
    values.forEach(
        (key, value) -> {
          ObjectNode section = root;
          String[] parts = key.split("\\.");
          for (int i = 0; i < parts.length - 1; i++) {
            section = section.withObjectProperty(parts[i]);
          }
          section.put(parts[parts.length - 1], value);
        });
    return root;
  }

  /** The values of the keys' environment variables that are set, by key. */
  static Map<String, String> fromEnvironment(Map<String, String> env) {
    return KEYS.stream()
        .filter(key -> env.containsKey(environmentVariable(key)))
        .collect(
            Collectors.toMap(
                Function.identity(),
                key -> env.get(environmentVariable(key)),
                (a, b) -> b,
                LinkedHashMap::new));
  }

  /**
   * {@code lease.duration} is {@code HANDMADE_LEASE_DURATION}, {@code consensus.defaultRequiredLabels}
   * is {@code HANDMADE_CONSENSUS_DEFAULT_REQUIRED_LABELS}: derived, so the two cannot drift apart.
   */
  static String environmentVariable(String key) {
    StringBuilder name = new StringBuilder("HANDMADE_");
    for (char c : key.toCharArray()) {
      if (c == '.') {
        name.append('_');
      } else if (Character.isUpperCase(c)) {
        name.append('_').append(c);
      } else {
        name.append(c);
      }
    }
    return name.toString().toUpperCase(Locale.ROOT);
  }

  /** Merges the layers over the defaults, each overriding the one before, and binds the result. */
  static ServiceConfig bind(List<ObjectNode> layers) {
    ObjectNode merged = DEFAULTS.deepCopy();
    try {
      for (ObjectNode layer : layers) {
        merged = MAPPER.readerForUpdating(merged).readValue(layer);
      }
      blankNulls(merged);
      return MAPPER.treeToValue(merged, ServiceConfig.class);
    } catch (JsonMappingException e) {
      throw problem(e, merged);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // an empty YAML value means "" as it always did: empty optional text, an error for a number
  private static void blankNulls(ObjectNode node) {
    node.properties()
        .forEach(
            field -> {
              if (field.getValue().isNull()) {
                field.setValue(TextNode.valueOf(""));
              } else if (field.getValue().isObject()) {
                blankNulls((ObjectNode) field.getValue());
              }
            });
  }

  private static ConfigException problem(JsonMappingException e, JsonNode merged) {
    String key =
        e.getPath().stream()
            .map(JsonMappingException.Reference::getFieldName)
            .filter(Objects::nonNull)
            .collect(Collectors.joining("."));
    if (e instanceof UnrecognizedPropertyException) {
      return new ConfigException(key, "unknown option");
    }
    if (e instanceof InvalidFormatException bad) {
      return new ConfigException(key, "cannot read '" + bad.getValue() + "': " + expected(bad));
    }
    if (!KEYS.contains(key)) {
      return new ConfigException(key, "expected a section of options");
    }
    JsonNode value = merged.at("/" + key.replace('.', '/'));
    if (value.isContainerNode()) {
      return new ConfigException(key, "expected a single value");
    }
    // such as a number too large for its option
    return new ConfigException(
        key, "cannot read '" + value.asText() + "': " + e.getOriginalMessage());
  }

  private static String expected(InvalidFormatException e) {
    Class<?> type = e.getTargetType();
    if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
      return "expected a whole number";
    }
    if (type == double.class || type == Double.class) {
      return "expected a number";
    }
    return e.getOriginalMessage();
  }

  private static ObjectNode readDefaults() {
    try (InputStream in = ConfigBinding.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      return (ObjectNode) MAPPER.readTree(Objects.requireNonNull(in, DEFAULTS_RESOURCE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> leafKeys(String prefix, JsonNode node, List<String> keys) {
    node.properties()
        .forEach(
            field -> {
              String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
              if (field.getValue().isObject()) {
                leafKeys(key, field.getValue(), keys);
              } else {
                keys.add(key);
              }
            });
    return List.copyOf(keys);
  }

  /** How text becomes the value types the records hold; every string is trimmed, as before. */
  private static SimpleModule valueTypes() {
    SimpleModule module = new SimpleModule("handmade-config");
    module.addDeserializer(String.class, new Text<>(String.class, s -> s, ""));
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<Optional<String>> optional = (Class) Optional.class;
    module.addDeserializer(
        optional,
        new Text<>(
            optional, s -> s.isEmpty() ? Optional.empty() : Optional.of(s), Optional.empty()));
    module.addDeserializer(
        Duration.class, new Text<>(Duration.class, ConfigBinding::parseDuration, null));
    module.addDeserializer(ZoneId.class, new Text<>(ZoneId.class, ConfigBinding::parseZone, null));
    module.addDeserializer(Path.class, new Text<>(Path.class, Path::of, null));
    return module;
  }

  /** "1500ms", "90s", "5m", "2h", or an ISO-8601 duration ("PT5M"). */
  static Duration parseDuration(String raw) {
    String s = raw.toLowerCase(Locale.ROOT);
    if (s.startsWith("pt")) {
      return Duration.parse(raw);
    }
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      long n = Long.parseLong(s.substring(0, Math.max(0, s.length() - 1)));
      return switch (s.charAt(s.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new NumberFormatException();
      };
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "expected a number with ms, s, m or h (1500ms, 90s, 5m, 2h)");
    }
  }

  private static ZoneId parseZone(String zone) {
    try {
      return ZoneId.of(zone);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unknown time zone");
    }
  }

  /** A value read from a single scalar's text; a list or a section in its place is an error. */
  private static final class Text<T> extends StdScalarDeserializer<T> {
    private final transient Function<String, T> parser;
    private final transient T empty;

    Text(Class<T> type, Function<String, T> parser, T empty) {
      super(type);
      this.parser = parser;
      this.empty = empty;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.currentToken().isScalarValue()) {
        @SuppressWarnings("unchecked")
        T unexpected = (T) ctxt.handleUnexpectedToken(handledType(), p);
        return unexpected;
      }
      String text = p.getValueAsString();
      text = text == null ? "" : text.trim();
      if (text.isEmpty() && empty != null) {
        return empty;
      }
      try {
        return parser.apply(text);
      } catch (RuntimeException e) {
        throw InvalidFormatException.from(p, e.getMessage(), text, handledType());
      }
    }

    @Override
    public T getNullValue(DeserializationContext ctxt) {
      return empty;
    }
  }
}
