/** The enumerator that discovers drive-log files and assigns them to readers, and its checkpointed state. */
package dev.handmade.pipeline.source.drivelog.enumerator;
