package dev.handmade.pipeline.sink.objectstore;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Tunables of {@link AvroObjectSink}; its builder starts from these defaults. */
public final class AvroObjectSinkOptions {

  public static final ConfigOption<Long> MAX_RECORDS_PER_FILE =
      ConfigOptions.key("handmade.object-sink.max-records-per-file")
          .longType()
          .defaultValue(100_000L)
          .withDescription(
              "A partition's file is closed and uploaded (still pending) once it holds this many"
                  + " records; a checkpoint closes every file regardless.");

  public static final ConfigOption<MemorySize> MAX_BYTES_PER_FILE =
      ConfigOptions.key("handmade.object-sink.max-bytes-per-file")
          .memoryType()
          .defaultValue(MemorySize.parse("64mb"))
          .withDescription(
              "A partition's file is closed and uploaded (still pending) once it is about this"
                  + " large (it may exceed it by one Avro block, 64 KB). Files are buffered in"
                  + " memory, so a writer holds up to this much per open partition.");

  public static final ConfigOption<String> CODEC =
      ConfigOptions.key("handmade.object-sink.codec")
          .stringType()
          .defaultValue("deflate")
          .withDescription(
              "Avro container compression: null, deflate, snappy, zstandard, bzip2 or xz."
                  + " Every codec but null and deflate needs its library on the class path.");

  private AvroObjectSinkOptions() {}
}
