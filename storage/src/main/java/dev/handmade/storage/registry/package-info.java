/**
 * The model registry: published model versions and the deployment pointer, kept in object
 * storage under {@code models/}. See {@link dev.handmade.storage.registry.ModelRegistry} for the
 * layout and the guarantees.
 */
package dev.handmade.storage.registry;
