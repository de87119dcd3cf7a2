package dev.handmade.storage.registry;

import dev.handmade.schema.ModelVersion;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A published version with its model file, whose SHA-256 has been checked against the record.
 *
 * @param modelBytes the DL4J model file; not copied, so do not modify it
 */
public record LoadedModel(ModelVersion version, byte[] modelBytes) {

  public LoadedModel {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(modelBytes, "modelBytes");
  }

  /** The model file as a stream, for DL4J's {@code ModelSerializer}. */
  public InputStream openModel() {
    return new ByteArrayInputStream(modelBytes);
  }

  /** Equal when the records and the bytes are; a record's default would compare array identity. */
  @Override
  public boolean equals(Object other) {
    return other instanceof LoadedModel that
        && version.equals(that.version)
        && Arrays.equals(modelBytes, that.modelBytes);
  }

  @Override
  public int hashCode() {
    return 31 * version.hashCode() + Arrays.hashCode(modelBytes);
  }

  @Override
  public String toString() {
    return "LoadedModel["
        + version.getVersion()
        + ", "
        + modelBytes.length
        + " bytes, sha256 "
        + version.getModelSha256()
        + "]";
  }
}
