/** A hash that is the same in every JVM, for decisions a replay must repeat. */
package dev.handmade.pipeline.util;
