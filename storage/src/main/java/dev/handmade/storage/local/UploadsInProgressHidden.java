package dev.handmade.storage.local;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.internal.PageSetImpl;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * jclouds' filesystem store writes an object to {@code <key>-<random UUID>} beside its key and
 * renames it when the upload is complete, and its listings show that file while it is written. S3
 * never lists an object before its upload completes, and a reader that lists, then reads, would
 * find it gone. This store hides such a file from listings while an upload of its key overlaps the
 * listing; a stored object whose name merely ends in a UUID is listed as any other.
 */
final class UploadsInProgressHidden extends ForwardingBlobStore {

  /** jclouds' temporary name: the key, a dash and a random (version 4) UUID. */
  private static final Pattern TEMPORARY_NAME =
      Pattern.compile(
          "(.+)-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
          Pattern.CASE_INSENSITIVE);

  /** An upload finished this long ago no longer overlaps any listing worth hiding it from. */
  private static final long FORGET_AFTER_NANOS = 10L * 60 * 1_000_000_000;

  /** One upload of a key: when it started and, once done, when it ended. */
  private static final class Upload {
    final String container;
    final String key;
    final long started = System.nanoTime();
    volatile long ended = Long.MAX_VALUE;

    Upload(String container, String key) {
      this.container = container;
      this.key = key;
    }

    /** Whether it ran at some time in [from, to] (nanoTime values: compared by difference). */
    boolean overlaps(long from, long to) {
      long end = ended;
      return started - to <= 0 && (end == Long.MAX_VALUE || end - from >= 0);
    }

    boolean endedBefore(long now, long nanos) {
      long end = ended;
      return end != Long.MAX_VALUE && now - end > nanos;
    }
  }

  private final ConcurrentLinkedQueue<Upload> uploads = new ConcurrentLinkedQueue<>();

  UploadsInProgressHidden(BlobStore delegate) {
    super(delegate);
  }

  @Override
  public String putBlob(String container, Blob blob) {
    return uploading(container, blob.getMetadata().getName(), () -> super.putBlob(container, blob));
  }

  @Override
  public String putBlob(String container, Blob blob, PutOptions options) {
    return uploading(
        container, blob.getMetadata().getName(), () -> super.putBlob(container, blob, options));
  }

  @Override
  public String copyBlob(
      String fromContainer,
      String fromName,
      String toContainer,
      String toName,
      CopyOptions options) {
    return uploading(
        toContainer,
        toName,
        () -> super.copyBlob(fromContainer, fromName, toContainer, toName, options));
  }

  @Override
  public String completeMultipartUpload(MultipartUpload upload, List<MultipartPart> parts) {
    return uploading(
        upload.containerName(),
        upload.blobName(),
        () -> super.completeMultipartUpload(upload, parts));
  }

  @Override
  public PageSet<? extends StorageMetadata> list(String container) {
    return list(container, ListContainerOptions.NONE);
  }

  @Override
  public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
    long from = System.nanoTime();
    PageSet<? extends StorageMetadata> listed = super.list(container, options);
    long to = System.nanoTime();
    List<StorageMetadata> shown = new ArrayList<>(listed.size());
    for (StorageMetadata entry : listed) {
      if (!isUploadInProgress(container, entry.getName(), from, to)) {
        shown.add(entry);
      }
    }
    return shown.size() == listed.size()
        ? listed
        : new PageSetImpl<>(shown, listed.getNextMarker());
  }

  private boolean isUploadInProgress(String container, String name, long from, long to) {
    if (name == null) {
      return false;
    }
    Matcher temporary = TEMPORARY_NAME.matcher(name);
    if (!temporary.matches()) {
      return false;
    }
    String key = temporary.group(1);
    for (Upload upload : uploads) {
      if (upload.container.equals(container)
          && upload.key.equals(key)
          && upload.overlaps(from, to)) {
        return true;
      }
    }
    return false;
  }

  private <T> T uploading(String container, String key, Supplier<T> upload) {
    forgetOldUploads();
    Upload started = new Upload(container, key);
    uploads.add(started);
    try {
      return upload.get();
    } finally {
      started.ended = System.nanoTime();
    }
  }

  private void forgetOldUploads() {
    long now = System.nanoTime();
    for (Iterator<Upload> it = uploads.iterator(); it.hasNext(); ) {
      if (it.next().endedBefore(now, FORGET_AFTER_NANOS)) {
        it.remove();
      }
    }
  }
}
