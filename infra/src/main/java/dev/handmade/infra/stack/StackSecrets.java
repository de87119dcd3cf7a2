package dev.handmade.infra.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The stack's {@code tokens.properties}: the tokens of its admin, pipeline and auditor accounts,
 * the key of labellers' pseudonyms in audit reports and the service's URL. Made on the first start
 * (each value on the first start that lacks it) and kept, readable by the owner only, so that later
 * starts use the same accounts and pseudonyms, and {@code report} and {@code verify} find them.
 */
final class StackSecrets {

  static final String ADMIN = "admin";
  static final String PIPELINE = "pipeline";
  static final String AUDITOR = "auditor";
  static final String PSEUDONYM_KEY = "pseudonymKey";

  /** The labelling service's URL, for {@code report}; the name {@code AuditOptions} reads. */
  static final String LABELLING_URL = "labellingUrl";

  private final Path file;
  private final Properties values;

  private StackSecrets(Path file, Properties values) {
    this.file = file;
    this.values = values;
  }

  /** Reads the file, adding the generated values it lacks. */
  static StackSecrets open(Path file) throws IOException {
    Properties values = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        values.load(in);
      }
    }
    StackSecrets secrets = new StackSecrets(file, values);
    boolean added = false;
    SecureRandom random = new SecureRandom();
    for (String name : new String[] {ADMIN, PIPELINE, PSEUDONYM_KEY}) {
      if (values.getProperty(name) == null) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        values.setProperty(name, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        added = true;
      }
    }
    if (added) {
      secrets.save();
    }
    return secrets;
  }

  Path file() {
    return file;
  }

  /** The value, or null when there is none. */
  String get(String name) {
    return values.getProperty(name);
  }

  /** Keeps the value, writing the file only when it changes. */
  void put(String name, String value) throws IOException {
    if (!value.equals(values.getProperty(name))) {
      values.setProperty(name, value);
      save();
    }
  }

  private void save() throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    try (Writer out = Files.newBufferedWriter(file)) {
      values.store(
          out,
          "tokens of the local stack's accounts, and the key of labellers' pseudonyms in audit reports");
    }
  }
}
