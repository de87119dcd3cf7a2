/** Reading the feed page by page, and the cursor each emitted label advances. */
package dev.handmade.pipeline.source.feed.reader;
