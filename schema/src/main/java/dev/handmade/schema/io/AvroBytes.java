package dev.handmade.schema.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Single Avro records to and from bytes, without the container-file header: what goes into
 * a database column, a message or an object that holds exactly one record.
 */
public final class AvroBytes {

  private AvroBytes() {}

  public static byte[] encode(SpecificRecord record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    SpecificDatumWriter<SpecificRecord> writer = new SpecificDatumWriter<>(record.getSchema());
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes bytes written by {@link #encode} with the same schema.
   *
   * @throws MalformedRecordException when the bytes are not a record of that type
   */
  public static <T extends SpecificRecordBase> T decode(byte[] bytes, Class<T> type) {
    SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
    try {
      T record = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new MalformedRecordException(
            type.getSimpleName()
                + ": "
                + bytes.length
                + " bytes hold trailing data after the record");
      }
      return record;
    } catch (MalformedRecordException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // corrupt bytes surface from Avro as many unchecked types (lengths out of range,
      // unknown union branches, unsupported sizes): to callers they are one thing
      throw new MalformedRecordException(
          "not a valid "
              + type.getSimpleName()
              + " record ("
              + bytes.length
              + " bytes): "
              + e.getMessage(),
          e);
    }
  }
}
