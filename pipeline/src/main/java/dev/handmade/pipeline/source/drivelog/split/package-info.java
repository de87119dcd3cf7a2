/** A drive-log file from an offset, and its serializer. */
package dev.handmade.pipeline.source.drivelog.split;
