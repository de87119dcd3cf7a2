/** The feed's one split, its cursor, and its serializer. */
package dev.handmade.pipeline.source.feed.split;
