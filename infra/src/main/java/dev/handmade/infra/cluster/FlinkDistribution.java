package dev.handmade.infra.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Flink distribution's two folders: {@code lib/}, the class path of the JobManager and the
 * TaskManagers, and {@code plugins/}, one folder per plugin (the S3 file system, the Prometheus
 * reporter). The build lays one out in {@code infra/flink-dist/target/flink} from Maven Central;
 * an installed Flink 2.3 distribution has the same layout and can be named instead.
 */
public record FlinkDistribution(Path home) {

  /** The system property that names a distribution explicitly. */
  public static final String HOME_PROPERTY = "handmade.flink.home";

  private static final Path BUILT = Path.of("infra", "flink-dist", "target", "flink");

  public FlinkDistribution {
    if (!Files.isDirectory(home.resolve("lib"))) {
      throw new IllegalArgumentException(
          "no Flink distribution at "
              + home
              + ": it has no lib/ folder"
              + " (build it with `mvn -q package -DskipTests`, or name an installed Flink 2.3 with --flink-home)");
    }
  }

  public Path lib() {
    return home.resolve("lib");
  }

  public Path plugins() {
    return home.resolve("plugins");
  }

  /** The class path of Flink's own processes: every jar in {@code lib/}. */
  public String classPath() {
    return lib().toAbsolutePath() + "/*";
  }

  /**
   * The distribution named by {@value #HOME_PROPERTY}, or the one the build laid out: looked for
   * from the working folder and from the folder of the running {@code handmade.jar}.
   */
  public static FlinkDistribution locate() {
    String named = System.getProperty(HOME_PROPERTY);
    if (named != null && !named.isBlank()) {
      return new FlinkDistribution(Path.of(named));
    }
    List<Path> tried = new ArrayList<>();
    for (Path root : candidateRoots()) {
      Path home = root.resolve(BUILT);
      tried.add(home);
      if (Files.isDirectory(home.resolve("lib"))) {
        return new FlinkDistribution(home);
      }
    }
    throw new IllegalStateException(
        "no Flink distribution found (looked in "
            + tried
            + "); build it with "
            + "`mvn -q package -DskipTests`, or set -D"
            + HOME_PROPERTY
            + "=DIR");
  }

  private static List<Path> candidateRoots() {
    List<Path> roots = new ArrayList<>();
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      roots.add(p);
    }
    runningJarFolder()
        .ifPresent(
            folder -> {
              for (Path p = folder; p != null; p = p.getParent()) {
                roots.add(p);
              }
            });
    return roots;
  }

  private static Optional<Path> runningJarFolder() {
    try {
      Path code =
          Path.of(
              FlinkDistribution.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Optional.ofNullable(code.getParent());
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return Optional.empty();
    }
  }

  /** The job jar the build makes beside the distribution: {@code pipeline/target/handmade-pipeline-job.jar}. */
  public static Path builtJobJar() {
    for (Path root : candidateRoots()) {
      Path jar = root.resolve("pipeline").resolve("target").resolve("handmade-pipeline-job.jar");
      if (Files.isRegularFile(jar)) {
        return jar;
      }
    }
    throw new UncheckedIOException(
        new IOException(
            "no pipeline/target/handmade-pipeline-job.jar found; build it with"
                + " `mvn -q package -DskipTests`, or name the job jar with --job-jar"));
  }
}
