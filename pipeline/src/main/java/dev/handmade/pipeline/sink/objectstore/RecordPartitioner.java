package dev.handmade.pipeline.sink.objectstore;

import java.io.Serializable;

/**
 * Names the partition a record belongs to: a relative folder such as {@code
 * dt=2026-11-29/hour=08}. It is part of an object key, so it must be deterministic: a record
 * replayed after a failure has to land in the same partition as the first time.
 *
 * <p>Serializable because the sink ships it to its writers; a lambda or method reference of this
 * type is serializable as long as it captures nothing that is not.
 */
@FunctionalInterface
public interface RecordPartitioner<T> extends Serializable {

  /**
   * @return one or more '/'-separated segments, none empty, none starting with '_' or '.'
   *     (those mark the sink's own pending area and hidden objects)
   */
  String partition(T record);
}
