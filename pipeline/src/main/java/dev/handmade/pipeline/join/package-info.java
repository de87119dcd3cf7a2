/** The label join: frames waiting for people, kept by frame id until their label comes. */
package dev.handmade.pipeline.join;
