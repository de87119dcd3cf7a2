package dev.handmade.infra.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

/**
 * Reads the deployment files under {@code infra/deploy} and the facts of the build they must
 * agree with: the poms' versions and jar names, and the option keys the code defines.
 */
final class DeploymentFiles {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Pattern COMPOSE_VARIABLE =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z0-9_]+)(?:(:?[-?])([^}]*))?}");

  private DeploymentFiles() {}

  /** The repository root: the folder above the working directory that holds infra/deploy. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("infra/deploy"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no infra/deploy above " + Path.of("").toAbsolutePath());
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every YAML document of a file (Kubernetes files hold several, separated by ---). */
  static List<JsonNode> documents(String yaml) {
    try {
      List<JsonNode> documents = new ArrayList<>();
      for (Iterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml);
          it.hasNext(); ) {
        JsonNode document = it.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** KEY=VALUE lines, as Compose reads its .env file. */
  static Map<String, String> dotEnv(Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : read(file).split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      values.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
    }
    return values;
  }

  /**
   * Compose's interpolation of ${VAR}, ${VAR:-default}, ${VAR:?error} and $$ from {@code
   * variables}; a variable that is not there and has no default is added to {@code missing}.
   */
  static String interpolate(String text, Map<String, String> variables, Set<String> missing) {
    Matcher m = COMPOSE_VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value;
      if (m.group(1) == null) {
        value = "$"; // $$ is a dollar sign for the container's shell
      } else {
        value = variables.get(m.group(1));
        boolean hasDefault = m.group(2) != null && m.group(2).endsWith("-");
        if (value == null && hasDefault) {
          value = m.group(3);
        } else if (value == null) {
          missing.add(m.group(1));
          value = "";
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * FLINK_PROPERTIES as the official image's entrypoint reads it: one property a line, every
   * blank removed, split at the first colon.
   */
  static Map<String, String> flinkProperties(String block) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String line : block.split("\n")) {
      String prop = line.replaceAll("\\s", "");
      if (prop.isEmpty()) {
        continue;
      }
      int colon = prop.indexOf(':');
      properties.put(prop.substring(0, colon), prop.substring(colon + 1));
    }
    return properties;
  }

  /** {@code --key value} pairs, as Flink's ParameterTool reads job arguments. */
  static Map<String, String> jobArguments(List<String> args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("--")) {
        options.put(arg.substring(2), i + 1 < args.size() ? args.get(i + 1) : "");
        i++;
      }
    }
    return options;
  }

  /** The keys (and deprecated keys) of every public static ConfigOption of the classes. */
  static Set<String> flinkOptionKeys(Class<?>... optionClasses) {
    Set<String> keys = new LinkedHashSet<>();
    for (Class<?> type : optionClasses) {
      for (Field field : type.getFields()) {
        if (Modifier.isStatic(field.getModifiers())
            && ConfigOption.class.isAssignableFrom(field.getType())) {
          ConfigOption<?> option = (ConfigOption<?>) get(field);
          keys.add(option.key());
          for (FallbackKey fallback : option.fallbackKeys()) {
            keys.add(fallback.getKey());
          }
        }
      }
    }
    return keys;
  }

  private static Object get(Field field) {
    try {
      return field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the deployment files depend on in the poms. */
  record Build(
      String projectVersion,
      String javaRelease,
      String flinkVersion,
      String jobJar,
      String jobMainClass,
      String serviceJar,
      String serviceMainClass) {

    static Build read(Path root) {
      Document parent = xml(root.resolve("pom.xml"));
      Document pipeline = xml(root.resolve("pipeline/pom.xml"));
      Document service = xml(root.resolve("labelling-service/pom.xml"));
      String clusterJar = "/project/build/plugins/plugin[artifactId='maven-shade-plugin']";
      String serviceShade = "/project/build/plugins/plugin[artifactId='maven-shade-plugin']";
      return new Build(
          text(parent, "/project/version"),
          text(parent, "/project/properties/maven.compiler.release"),
          text(parent, "/project/properties/flink.version"),
          text(pipeline, clusterJar + "//finalName") + ".jar",
          text(pipeline, clusterJar + "//transformer/mainClass"),
          text(service, serviceShade + "//finalName") + ".jar",
          text(service, serviceShade + "//transformer/mainClass"));
    }

    /** The official Flink image of the version the job is built against. */
    String flinkImage() {
      return "flink:" + flinkVersion + "-scala_2.12-java" + javaRelease;
    }

    /** The Flink Kubernetes Operator's name for it: 2.3.0 is v2_3. */
    String operatorFlinkVersion() {
      String[] parts = flinkVersion.split("\\.");
      return "v" + parts[0] + "_" + parts[1];
    }

    String s3Plugin() {
      return "flink-s3-fs-presto-" + flinkVersion + ".jar";
    }

    String jobImage() {
      return "handmade/pipeline-job:" + projectVersion;
    }

    String serviceImage() {
      return "handmade/labelling-service:" + projectVersion;
    }

    private static Document xml(Path file) {
      try {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
      } catch (Exception e) {
        throw new IllegalStateException("cannot read " + file, e);
      }
    }

    private static String text(Document doc, String path) {
      try {
        Node node =
            (Node) XPathFactory.newInstance().newXPath().evaluate(path, doc, XPathConstants.NODE);
        if (node == null) {
          throw new IllegalStateException("the pom has no " + path);
        }
        return node.getTextContent().strip();
      } catch (javax.xml.xpath.XPathExpressionException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** One Dockerfile's instructions that the deployment depends on. */
  record Dockerfile(String from, List<String[]> copies, List<String> entrypoint, List<String> cmd) {

    static Dockerfile read(Path file) {
      String from = null;
      List<String[]> copies = new ArrayList<>();
      List<String> entrypoint = List.of();
      List<String> cmd = List.of();
      for (String line : DeploymentFiles.read(file).replace("\\\n", " ").split("\n")) {
        String[] words = line.strip().split("\\s+");
        switch (words[0]) {
          case "FROM" -> from = words[1];
          case "COPY" -> {
            List<String> paths = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
              if (!words[i].startsWith("--")) {
                paths.add(words[i]);
              }
            }
            copies.add(paths.toArray(String[]::new));
          }
          case "ENTRYPOINT" -> entrypoint = execForm(line);
          case "CMD" -> cmd = execForm(line);
          default -> {}
        }
      }
      return new Dockerfile(from, copies, entrypoint, cmd);
    }

    private static List<String> execForm(String line) {
      try {
        String json = line.substring(line.indexOf('['));
        return List.of(YAML.readValue(json, String[].class));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
