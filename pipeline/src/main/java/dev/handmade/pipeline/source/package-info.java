/** What every frame source emits ({@link IngestedFrame}); the sources themselves, one package each. */
package dev.handmade.pipeline.source;
