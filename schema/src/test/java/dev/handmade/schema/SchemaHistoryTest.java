package dev.handmade.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every released version of each contract (snapshots under {@code schema-history/}) must stay
 * readable by today's schema, and today's data by readers of that version. A change that breaks
 * this breaks stored audit logs, drive logs and models.
 */
class SchemaHistoryTest {

  static Stream<Schema> currentSchemas() {
    return Stream.of(
        Frame.getClassSchema(),
        Prediction.getClassSchema(),
        Decision.getClassSchema(),
        LabelTask.getClassSchema(),
        HumanLabel.getClassSchema(),
        TrainingExample.getClassSchema(),
        ModelVersion.getClassSchema(),
        AuditEvent.getClassSchema(),
        DeadLetter.getClassSchema());
  }

  @ParameterizedTest
  @MethodSource("currentSchemas")
  void todaysSchemaReadsVersionOneDataAndTheOtherWayRound(Schema current) throws IOException {
    Schema v1 = load("/schema-history/v1/" + current.getName() + ".avsc");

    var backward = SchemaCompatibility.checkReaderWriterCompatibility(current, v1);
    var forward = SchemaCompatibility.checkReaderWriterCompatibility(v1, current);

    assertThat(backward.getType())
        .as("today reads v1: %s", backward.getDescription())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    assertThat(forward.getType())
        .as("v1 reads today: %s", forward.getDescription())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  private static Schema load(String resource) throws IOException {
    try (InputStream in = SchemaHistoryTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("snapshot %s", resource).isNotNull();
      return new Schema.Parser().parse(in);
    }
  }
}
