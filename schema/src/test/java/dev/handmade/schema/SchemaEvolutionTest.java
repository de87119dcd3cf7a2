package dev.handmade.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** Data written with today's schemas stays readable when the schemas grow. */
class SchemaEvolutionTest {

  /** Today's Frame schema plus one new field with a default, as a later release would add it. */
  private static Schema frameWithAddedField() {
    Schema current = Frame.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    Schema nullableString =
        Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
    fields.add(
        new Schema.Field("sensorRig", nullableString, "added later", JsonProperties.NULL_VALUE));
    fields.add(
        new Schema.Field("exposureMillis", Schema.create(Schema.Type.INT), "added later", 10));
    return Schema.createRecord(
        current.getName(), current.getDoc(), current.getNamespace(), false, fields);
  }

  @Test
  void framesWrittenTodayAreReadWithAnEvolvedSchemaThatAddsFieldsWithDefaults() throws IOException {
    byte[] file = writeContainer(List.of(SampleRecords.frame("f-1"), SampleRecords.frame("f-2")));
    Schema evolved = frameWithAddedField();

    List<GenericRecord> read = new ArrayList<>();
    try (DataFileReader<GenericRecord> reader =
        new DataFileReader<>(
            new SeekableByteArrayInput(file), new GenericDatumReader<>(null, evolved))) {
      reader.forEach(read::add);
    }

    assertThat(read).hasSize(2);
    GenericRecord first = read.get(0);
    assertThat(first.get("frameId").toString()).isEqualTo("f-1");
    assertThat(first.get("sensorRig")).isNull();
    assertThat(first.get("exposureMillis")).isEqualTo(10);
    assertThat(((GenericRecord) first.get("conditions")).get("rangeMeters")).isEqualTo(23.5f);
    assertThat(((List<?>) first.get("lidar"))).hasSize(2);
    assertThat(first.get("groundTruth").toString()).isEqualTo("CAR");
  }

  @Test
  void todaysReaderIgnoresFieldsAddedByALaterWriter() throws IOException {
    Schema evolved = frameWithAddedField();
    byte[] current = writeContainer(List.of(SampleRecords.frame("f-9")));
    // re-write the record with the evolved schema, as a newer producer would
    GenericRecord asEvolved;
    try (DataFileReader<GenericRecord> reader =
        new DataFileReader<>(
            new SeekableByteArrayInput(current), new GenericDatumReader<>(null, evolved))) {
      asEvolved = reader.next();
    }
    asEvolved.put("sensorRig", "rig-7");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(
            new org.apache.avro.generic.GenericDatumWriter<GenericRecord>(evolved))) {
      writer.create(evolved, out);
      writer.append(asEvolved);
    }

    try (DataFileReader<Frame> reader =
        new DataFileReader<>(
            new SeekableByteArrayInput(out.toByteArray()),
            new SpecificDatumReader<>(Frame.class))) {
      Frame frame = reader.next();
      assertThat(frame).isEqualTo(SampleRecords.frame("f-9"));
    }
  }

  @Test
  void addingAFieldWithoutADefaultIsCaughtAsIncompatible() {
    Schema current = Frame.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(new Schema.Field("mandatoryNewField", Schema.create(Schema.Type.STRING)));
    Schema broken =
        Schema.createRecord(current.getName(), null, current.getNamespace(), false, fields);

    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(broken, current).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  private static byte[] writeContainer(List<Frame> frames) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataFileWriter<Frame> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(Frame.class))) {
      writer.create(Frame.getClassSchema(), out);
      for (Frame f : frames) {
        writer.append(f);
      }
    }
    return out.toByteArray();
  }
}
