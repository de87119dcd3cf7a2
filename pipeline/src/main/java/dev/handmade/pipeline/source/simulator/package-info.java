/** Frames from the sensor simulator, as a rate-limited FLIP-27 data-generator source. */
package dev.handmade.pipeline.source.simulator;
