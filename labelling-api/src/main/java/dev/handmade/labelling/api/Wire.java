package dev.handmade.labelling.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.handmade.schema.Lighting;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.TaskKind;
import dev.handmade.schema.Weather;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The JSON conventions of the API: enum symbols in lower case on the way out, any case on the way in. */
public final class Wire {

  /** The API's OpenAPI document, as a class path resource: the service serves it, the contract test reads it. */
  public static final String OPENAPI = "/dev/handmade/labelling/api/openapi.yaml";

  private Wire() {}

  public static ObjectMapper mapper() {
    SimpleModule enums = new SimpleModule("handmade-enums");
    enums.addSerializer(ObjectClass.class, new LowerCase<>(ObjectClass.class));
    enums.addSerializer(TaskKind.class, new LowerCase<>(TaskKind.class));
    enums.addSerializer(Lighting.class, new LowerCase<>(Lighting.class));
    enums.addSerializer(Weather.class, new LowerCase<>(Weather.class));
    ObjectMapper mapper =
        JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            // unknown fields are ignored so that a newer pipeline can talk to an older service;
            // this is also what drops a frame's groundTruth at the door
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(enums)
            .build();
    // "wrong types" must be errors, not silently coerced: "5" is not a number, 5 is not a name
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Enum)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    return mapper;
  }

  public static String name(Enum<?> symbol) {
    return symbol.name().toLowerCase(Locale.ROOT);
  }

  /** The class with this wire name (any case), if there is one. */
  public static Optional<ObjectClass> objectClass(String name) {
    return Arrays.stream(ObjectClass.values())
        .filter(c -> c.name().equalsIgnoreCase(name))
        .findFirst();
  }

  public static ObjectClass objectClassOf(String storedName) {
    return ObjectClass.valueOf(storedName.toUpperCase(Locale.ROOT));
  }

  public static TaskKind taskKindOf(String storedName) {
    return TaskKind.valueOf(storedName.toUpperCase(Locale.ROOT));
  }

  public static String choices(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Wire::name).collect(Collectors.joining(", "));
  }

  private static final class LowerCase<E extends Enum<E>> extends StdSerializer<E> {
    LowerCase(Class<E> type) {
      super(type);
    }

    @Override
    public void serialize(E value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(name(value));
    }
  }
}
