/**
 * Frames from Avro drive-log files in object storage, discovered continuously and read exactly
 * once: {@link DriveLogSource}, laid out by FLIP-27 role in {@code enumerator}, {@code reader}
 * and {@code split}.
 */
package dev.handmade.pipeline.source.drivelog;
