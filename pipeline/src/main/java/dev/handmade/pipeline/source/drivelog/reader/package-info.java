/** Reading drive-log files frame by frame, and the offset each emitted frame advances. */
package dev.handmade.pipeline.source.drivelog.reader;
