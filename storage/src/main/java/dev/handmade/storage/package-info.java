/**
 * Object storage: one bucket of an S3-compatible store behind {@link
 * dev.handmade.storage.ObjectStore}, configured by the serializable {@link
 * dev.handmade.storage.ObjectStoreConfig}. Used by the model registry, and by the pipeline
 * for drive logs and the audit log.
 */
package dev.handmade.storage;
