package dev.handmade.pipeline.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Keeps every record it receives, under a key, where the test thread can see it. Static because
 * the job runs copies of the sink, deserialized inside the MiniCluster in this JVM.
 */
public final class RecordingSink<T> implements Sink<T> {

  private static final Map<String, ConcurrentLinkedQueue<Object>> RECORDS =
      new ConcurrentHashMap<>();

  private final String key;

  public RecordingSink(String key) {
    this.key = key;
    RECORDS.put(key, new ConcurrentLinkedQueue<>());
  }

  @SuppressWarnings("unchecked")
  public static <T> List<T> recorded(String key) {
    return (List<T>) List.copyOf(RECORDS.get(key));
  }

  public static int count(String key) {
    return RECORDS.get(key).size();
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    ConcurrentLinkedQueue<Object> records = RECORDS.get(key);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context context) {
        records.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
