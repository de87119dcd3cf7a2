/** Batched DL4J inference, with the deployed model polled from the registry and hot-swapped. */
package dev.handmade.pipeline.inference;
