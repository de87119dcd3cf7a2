/** The audit log: every decision and human label, once, as hourly Avro files. */
package dev.handmade.pipeline.audit;
