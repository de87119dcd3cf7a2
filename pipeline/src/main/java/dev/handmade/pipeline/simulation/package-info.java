/** Stand-ins for people: simulated labellers and the ground truth of drive logs they answer from. */
package dev.handmade.pipeline.simulation;
