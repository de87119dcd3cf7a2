/** Who decides a frame, the machine or people, within the capacity people have. */
package dev.handmade.pipeline.routing;
