package dev.handmade.infra.cli;

import dev.handmade.audit.report.Pseudonyms;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the auditor's commands share: the object store, and the data folder of a local stack,
 * whose tokens file holds the auditor's token and the pseudonym key the stack's labelling service
 * uses, so that reports made here and the live page name labellers alike.
 */
final class AuditOptions {

  /** Where {@code handmade up} serves the labelling service. */
  static final String LOCAL_LABELLING_URL = "http://127.0.0.1:8086";

  /** The key under which the local stack writes its labelling service's URL into tokens.properties. */
  static final String LABELLING_URL = "labellingUrl";

  @Option(
      names = "--pseudonym-key",
      defaultValue = "${env:HANDMADE_PSEUDONYM_KEY}",
      paramLabel = "KEY",
      description =
          "Key of the labellers' pseudonyms (HMAC-SHA256); default: the local stack's, from "
              + "<data>/tokens.properties, else a random one for this report alone.")
  String pseudonymKey;

  @Mixin DataFolderOptions store = new DataFolderOptions();

  /** The bucket holding the audit log and the registry; the caller closes it. */
  ObjectStoreOptions.Opened openStore() {
    return store.open();
  }

  Pseudonyms pseudonyms() {
    String key =
        pseudonymKey != null && !pseudonymKey.isBlank()
            ? pseudonymKey
            : localTokens().getProperty("pseudonymKey");
    if (key == null || key.isBlank()) {
      System.err.println(
          "no pseudonym key given: labellers get pseudonyms that only this output uses");
      return Pseudonyms.random();
    }
    return Pseudonyms.withKey(key);
  }

  /** The local stack's tokens, or none. */
  Properties localTokens() {
    Properties tokens = new Properties();
    Path file = store.data.resolve("tokens.properties");
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        tokens.load(in);
      } catch (IOException e) {
        System.err.println("could not read " + file + ": " + e.getMessage());
      }
    }
    return tokens;
  }
}
