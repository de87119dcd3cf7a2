package dev.handmade.infra.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The data folder of a local stack, and the object store: an external one, or one served on that folder. */
final class DataFolderOptions {

  @Option(
      names = "--data",
      defaultValue = "./data",
      description = "Data folder (default: ${DEFAULT-VALUE}).")
  Path data;

  @Mixin ObjectStoreOptions s3 = new ObjectStoreOptions();

  /** The store, and the in-process server behind it when there is one; the caller closes both. */
  ObjectStoreOptions.Opened open() {
    return s3.open(data);
  }
}
