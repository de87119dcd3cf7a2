/** The first step after the sources: frames the model can read go on, the rest become dead letters. */
package dev.handmade.pipeline.validate;
