package dev.handmade.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadsInProgressHiddenTest {

  @TempDir Path folder;
  private BlobStoreContext context;
  private BlobStore files;
  private BlobStore store;

  @BeforeEach
  void openTheFilesystemStore() {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", folder.toString());
    context =
        ContextBuilder.newBuilder("filesystem").overrides(properties).build(BlobStoreContext.class);
    files = context.getBlobStore();
    store = new UploadsInProgressHidden(files);
    store.createContainerInLocation(null, "bucket");
  }

  @AfterEach
  void close() {
    context.close();
  }

  @Test
  void anObjectIsListedOnlyOnceItsUploadIsComplete() throws Exception {
    CountDownLatch firstHalfRead = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    InputStream slow = new HalfThenWait(firstHalfRead, release);
    CompletableFuture<String> upload =
        CompletableFuture.supplyAsync(
            () ->
                store.putBlob(
                    "bucket",
                    store.blobBuilder("car-1/d.avro").payload(slow).contentLength(8).build()));
    assertThat(firstHalfRead.await(10, TimeUnit.SECONDS)).isTrue();
    // the file being written is there (the filesystem store opens it before it reads the payload)
    assertThat(names(files)).singleElement().asString().startsWith("car-1/d.avro-");
    // ... but not to readers of the S3 listing
    assertThat(names(store)).isEmpty();

    release.countDown();
    upload.get(10, TimeUnit.SECONDS);
    assertThat(names(store)).containsExactly("car-1/d.avro");
  }

  @Test
  void anObjectWhoseNameEndsInAUuidIsListed() {
    String name = "frames/frame-" + UUID.randomUUID();
    store.putBlob("bucket", store.blobBuilder(name).payload("x").build());
    assertThat(names(store)).containsExactly(name);
  }

  private static List<String> names(BlobStore blobs) {
    return blobs.list("bucket", ListContainerOptions.Builder.recursive()).stream()
        .map(StorageMetadata::getName)
        .filter(name -> !name.endsWith("/")) // the filesystem store lists folders too
        .toList();
  }

  /** Four bytes at once, then the other four when released: an upload in progress. */
  private static final class HalfThenWait extends InputStream {
    private final byte[] bytes = "abcdefgh".getBytes(StandardCharsets.US_ASCII);
    private final CountDownLatch firstHalfRead;
    private final CountDownLatch release;
    private int next;

    HalfThenWait(CountDownLatch firstHalfRead, CountDownLatch release) {
      this.firstHalfRead = firstHalfRead;
      this.release = release;
    }

    @Override
    public int read() throws IOException {
      if (next == 4) {
        firstHalfRead.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
      return next < bytes.length ? bytes[next++] : -1;
    }
  }
}
