package dev.handmade.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.infra.deploy.DeploymentFiles.Build;
import dev.handmade.infra.deploy.DeploymentFiles.Dockerfile;
import dev.handmade.labelling.Main;
import dev.handmade.labelling.config.ServiceConfig;
import dev.handmade.pipeline.job.HandmadeJobMain;
import dev.handmade.pipeline.job.PipelineOptions;
import dev.handmade.pipeline.job.SecretsFromEnvironment;
import dev.handmade.pipeline.labelling.LabellingConnectorOptions;
import dev.handmade.pipeline.labelling.LabellingServiceConfig;
import dev.handmade.pipeline.sink.objectstore.AvroObjectSinkOptions;
import dev.handmade.pipeline.source.drivelog.DriveLogSourceOptions;
import dev.handmade.storage.MinioContainers;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Compose file, the Dockerfiles and the Kubernetes manifests under {@code infra/deploy} name
 * images, ports, a bucket, option keys, jars and entry points; this test holds each to the code
 * and the poms, so that renaming a key, a jar or a port fails here and not on someone's cluster.
 * Each message names the file and the place.
 */
class DeploymentFilesTest {

  /** Every key the job reads, from its options classes. */
  static final Set<String> JOB_KEYS =
      DeploymentFiles.flinkOptionKeys(
          PipelineOptions.class,
          LabellingConnectorOptions.class,
          DriveLogSourceOptions.class,
          AvroObjectSinkOptions.class);

  /** Flink's own keys that a deployment may set. */
  static final Set<String> FLINK_KEYS =
      DeploymentFiles.flinkOptionKeys(
          CheckpointingOptions.class,
          StateRecoveryOptions.class,
          StateBackendOptions.class,
          HighAvailabilityOptions.class,
          RestOptions.class,
          JobManagerOptions.class,
          TaskManagerOptions.class,
          CoreOptions.class,
          MetricOptions.class);

  static final String PROMETHEUS_FACTORY =
      "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
  static final String PROMETHEUS_REPORTER = "metrics.reporter.prom.";

  static final Path ROOT = DeploymentFiles.root();
  static final Path DEPLOY = ROOT.resolve("infra/deploy");
  static final Build BUILD = Build.read(ROOT);

  // ---------------------------------------------------------------- what every file must obey

  /** Problems with handmade.* keys: each must be a job option. */
  static List<String> unknownJobKeys(Collection<String> keys, String where) {
    return keys.stream()
        .filter(k -> !JOB_KEYS.contains(k))
        .map(
            k ->
                where
                    + " sets "
                    + k
                    + ", which is no option of the job (PipelineOptions, LabellingConnectorOptions, "
                    + "DriveLogSourceOptions, AvroObjectSinkOptions)")
        .toList();
  }

  /** Problems with Flink configuration keys: Flink's own, the S3 plugin's, or the Prometheus reporter's. */
  static List<String> unknownFlinkKeys(Collection<String> keys, String where) {
    List<String> problems = new ArrayList<>();
    for (String key : keys) {
      boolean known =
          FLINK_KEYS.contains(key)
              || key.startsWith("s3.")
              || key.equals(PROMETHEUS_REPORTER + "factory.class")
              || key.equals(PROMETHEUS_REPORTER + "port")
              || (key.startsWith("handmade.") && JOB_KEYS.contains(key));
      if (!known) {
        problems.add(
            where
                + " sets "
                + key
                + ", which is no Flink option (nor an s3.* key of the S3 file system, "
                + "nor the Prometheus reporter's factory.class or port)");
      }
    }
    return problems;
  }

  /** Problems with HANDMADE_* variables of the labelling service: each must name one of its options. */
  static List<String> unknownServiceVariables(Collection<String> names, String where) {
    Set<String> known =
        ServiceConfig.keys().stream()
            .map(ServiceConfig::environmentVariable)
            .collect(Collectors.toSet());
    return names.stream()
        .filter(n -> n.startsWith("HANDMADE_") && !known.contains(n))
        .map(
            n ->
                where
                    + " sets "
                    + n
                    + ", which names no option of the labelling service (ServiceConfig.keys())")
        .toList();
  }

  /** The bucket of an s3:// URI. */
  static String bucketOf(String s3Uri) {
    assertThat(s3Uri).as("an S3 location").startsWith("s3://");
    return URI.create(s3Uri).getHost();
  }

  /** The bucket that the MinIO client's script creates. */
  static String createdBucket(JsonNode script) {
    Matcher m =
        Pattern.compile("mc mb --ignore-existing store/([a-z0-9.-]+)").matcher(script.toString());
    assertThat(m.find())
        .as("the script creates a bucket with `mc mb --ignore-existing store/...`: " + script)
        .isTrue();
    return m.group(1);
  }

  static ObjectStoreConfig storeConfig(Configuration job) {
    return ObjectStore.builder()
        .endpoint(job.get(PipelineOptions.S3_ENDPOINT))
        .accessKey(job.get(PipelineOptions.S3_ACCESS_KEY))
        .secretKey(job.get(PipelineOptions.S3_SECRET_KEY))
        .bucket(job.get(PipelineOptions.S3_BUCKET))
        .buildConfig();
  }

  @Test
  void aRenamedKeyIsNamedWithTheFileThatSetsIt() {
    assertThat(
            unknownJobKeys(
                List.of("handmade.s3.endpiont", "handmade.s3.endpoint"), "compose.yaml job-submit"))
        .containsExactly(
            "compose.yaml job-submit sets handmade.s3.endpiont, which is no option of the job "
                + "(PipelineOptions, LabellingConnectorOptions, DriveLogSourceOptions, AvroObjectSinkOptions)");
    assertThat(
            unknownFlinkKeys(
                List.of("execution.checkpointing.dirs", "execution.checkpointing.dir"), "here"))
        .hasSize(1)
        .first()
        .asString()
        .contains("execution.checkpointing.dirs");
    assertThat(
            unknownServiceVariables(List.of("HANDMADE_HTTP_PORTS", "HANDMADE_HTTP_PORT"), "here"))
        .hasSize(1)
        .first()
        .asString()
        .contains("HANDMADE_HTTP_PORTS");
  }

  @Test
  void composeInterpolationIsReadAsComposeReadsIt() {
    Set<String> missing = new TreeSet<>();
    String text =
        DeploymentFiles.interpolate(
            "${A} ${B:-fallback} $${C:+x} ${D:?set D}", Map.of("A", "a"), missing);
    assertThat(text).isEqualTo("a fallback ${C:+x} ");
    assertThat(missing).containsExactly("D");
    assertThat(
            DeploymentFiles.flinkProperties("rest.port: 8081\n s3.endpoint: http://minio:9000\n"))
        .containsExactly(
            Map.entry("rest.port", "8081"), Map.entry("s3.endpoint", "http://minio:9000"));
  }

  // ---------------------------------------------------------------- Dockerfiles

  @Nested
  class Dockerfiles {

    final Dockerfile job = Dockerfile.read(DEPLOY.resolve("docker/job.Dockerfile"));
    final Dockerfile service = Dockerfile.read(DEPLOY.resolve("docker/service.Dockerfile"));

    @Test
    void theJobImageIsFlinksOfTheBuildsVersionWithTheClusterJarInUsrlib() {
      assertThat(job.from()).as("job.Dockerfile FROM").isEqualTo(BUILD.flinkImage());
      assertThat(job.copies()).as("job.Dockerfile COPY").hasSize(2);
      assertThat(job.copies().get(0))
          .as("job.Dockerfile COPY: DL4J into Flink's lib, as the flink-dist pom lays it out")
          .containsExactly("infra/flink-dist/target/dl4j-lib/", "/opt/flink/lib/");
      assertThat(ROOT.resolve("infra/flink-dist/pom.xml"))
          .content()
          .contains("/dl4j-lib</outputDirectory>");
      assertThat(job.copies().get(1))
          .as("job.Dockerfile COPY: the pipeline pom's job jar finalName")
          .containsExactly(
              "pipeline/target/" + BUILD.jobJar(), "/opt/flink/usrlib/" + BUILD.jobJar());
      assertThat(BUILD.jobMainClass())
          .as("the cluster jar's main class")
          .isEqualTo(HandmadeJobMain.class.getName());
    }

    @Test
    void theServiceImageRunsTheShadedJarsServeCommand() {
      assertThat(service.from())
          .as("service.Dockerfile FROM: the Java release the build targets")
          .isEqualTo("eclipse-temurin:" + BUILD.javaRelease() + "-jre");
      assertThat(service.copies()).hasSize(1);
      String[] copy = service.copies().get(0);
      assertThat(copy[0])
          .as("service.Dockerfile COPY: the labelling-service pom's shade finalName")
          .isEqualTo("labelling-service/target/" + BUILD.serviceJar());
      assertThat(service.entrypoint())
          .as("service.Dockerfile ENTRYPOINT")
          .containsExactly("java", "-jar", copy[1]);
      assertThat(BUILD.serviceMainClass()).isEqualTo(Main.class.getName());
      assertThat(service.cmd()).as("service.Dockerfile CMD").containsExactly("serve");
      assertThat(subcommands()).contains("serve");
    }

    @Test
    void eachBuildContextHoldsTheOneJarItsDockerfileCopies() {
      for (var entry : Map.of("job", job, "service", service).entrySet()) {
        List<String> ignore =
            DeploymentFiles.read(
                    DEPLOY.resolve("docker/" + entry.getKey() + ".Dockerfile.dockerignore"))
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        List<String> expected = new ArrayList<>(List.of("*"));
        entry.getValue().copies().forEach(copy -> expected.add("!" + copy[0]));
        assertThat(ignore)
            .as(entry.getKey() + ".Dockerfile.dockerignore")
            .containsExactlyElementsOf(expected);
      }
    }
  }

  static Set<String> subcommands() {
    return Arrays.stream(Main.class.getAnnotation(Command.class).subcommands())
        .map(c -> c.getAnnotation(Command.class).name())
        .collect(Collectors.toSet());
  }

  // ---------------------------------------------------------------- Compose

  @Nested
  class Compose {

    static final Set<String> MISSING = new TreeSet<>();
    // interpolated with the example .env, as `docker compose` would after `cp .env.example .env`
    static final JsonNode COMPOSE =
        DeploymentFiles.documents(
                DeploymentFiles.interpolate(
                    DeploymentFiles.read(DEPLOY.resolve("compose/compose.yaml")),
                    DeploymentFiles.dotEnv(DEPLOY.resolve("compose/.env.example")),
                    MISSING))
            .get(0);

    static JsonNode service(String name) {
      JsonNode service = COMPOSE.path("services").path(name);
      assertThat(service.isObject()).as("compose.yaml has a service '" + name + "'").isTrue();
      return service;
    }

    static Map<String, String> environment(String name) {
      Map<String, String> env = new LinkedHashMap<>();
      service(name)
          .path("environment")
          .fields()
          .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
      return env;
    }

    static Map<String, String> flinkProperties(String name) {
      return DeploymentFiles.flinkProperties(environment(name).get("FLINK_PROPERTIES"));
    }

    /** The container ports a service publishes ("host:container"). */
    static Set<Integer> containerPorts(String name) {
      Set<Integer> ports = new TreeSet<>();
      service(name)
          .path("ports")
          .forEach(p -> ports.add(Integer.parseInt(p.asText().replaceAll(".*:", ""))));
      return ports;
    }

    /** The job's arguments, from the submitter's `flink run` line. */
    static List<String> flinkRun() {
      JsonNode command = service("job-submit").path("command");
      String script = command.get(command.size() - 1).asText().replace("\\\n", " ");
      String run =
          script
              .lines()
              .filter(l -> l.contains("flink run"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("compose.yaml job-submit runs no `flink run`"));
      List<String> words = new ArrayList<>();
      for (String word : run.strip().split("\\s+")) {
        words.add(word.replace("\"", ""));
      }
      return words.subList(words.indexOf("run"), words.size());
    }

    /** What follows the jar on the `flink run` line: the job's own arguments. */
    static Map<String, String> jobArguments() {
      List<String> run = flinkRun();
      int jar = run.indexOf(run.stream().filter(w -> w.endsWith(".jar")).findFirst().orElseThrow());
      return DeploymentFiles.jobArguments(run.subList(jar + 1, run.size()));
    }

    static Configuration jobConfiguration() {
      return Configuration.fromMap(jobArguments());
    }

    static ServiceConfig serviceConfig() {
      return ServiceConfig.builder().environment(environment("labelling")).build();
    }

    @Test
    void everyVariableItUsesIsInTheExampleEnvFile() {
      assertThat(MISSING)
          .as("variables compose.yaml uses that .env.example does not set")
          .isEmpty();
    }

    @Test
    void imagesAreTheOnesTheCodeIsBuiltAndTestedWith() {
      assertThat(service("minio").path("image").asText())
          .as("compose.yaml minio: the image the MinIO container tests use")
          .isEqualTo(MinioContainers.IMAGE);
      for (String flink : List.of("jobmanager", "taskmanager")) {
        assertThat(service(flink).path("image").asText())
            .as("compose.yaml " + flink + ": the job image, DL4J in lib")
            .isEqualTo(BUILD.jobImage());
        assertThat(environment(flink).get("ENABLE_BUILT_IN_PLUGINS"))
            .as("compose.yaml " + flink + " S3 plugin")
            .isEqualTo(BUILD.s3Plugin());
      }
      assertThat(service("job-submit").path("image").asText()).isEqualTo(BUILD.jobImage());
      assertThat(service("labelling").path("image").asText()).isEqualTo(BUILD.serviceImage());
      Map<String, String> dockerfiles =
          Map.of(
              "jobmanager",
              "job.Dockerfile",
              "job-submit",
              "job.Dockerfile",
              "labelling",
              "service.Dockerfile");
      dockerfiles.forEach(
          (name, dockerfile) -> {
            JsonNode build = service(name).path("build");
            assertThat(
                    DEPLOY.resolve("compose").resolve(build.path("context").asText()).normalize())
                .as("compose.yaml " + name + " builds from the repository root")
                .isEqualTo(ROOT);
            assertThat(build.path("dockerfile").asText())
                .isEqualTo("infra/deploy/docker/" + dockerfile);
          });
    }

    @Test
    void setsOnlyKeysTheCodeKnows() {
      List<String> problems = new ArrayList<>();
      problems.addAll(unknownJobKeys(jobArguments().keySet(), "compose.yaml job-submit"));
      for (String flink : List.of("jobmanager", "taskmanager", "job-submit")) {
        problems.addAll(
            unknownFlinkKeys(
                flinkProperties(flink).keySet(), "compose.yaml " + flink + " FLINK_PROPERTIES"));
      }
      problems.addAll(
          unknownServiceVariables(environment("labelling").keySet(), "compose.yaml labelling"));
      assertThat(problems).isEmpty();
    }

    @Test
    void theJobAndTheServiceAcceptTheirConfiguration() {
      Configuration job = jobConfiguration();
      LabellingServiceConfig labelling = LabellingServiceConfig.fromConfiguration(job);
      ObjectStoreConfig store = storeConfig(job);
      ServiceConfig service = serviceConfig();

      assertThat(labelling.token())
          .as("the job's token is the service's pipeline token")
          .isEqualTo(service.bootstrap().pipelineToken().orElseThrow());
      assertThat(store.accessKey()).isEqualTo(environment("minio").get("MINIO_ROOT_USER"));
      assertThat(store.secretKey()).isEqualTo(environment("minio").get("MINIO_ROOT_PASSWORD"));
      assertThat(service.audit().s3AccessKey()).isEqualTo(store.accessKey());
      assertThat(service.audit().s3SecretKey()).isEqualTo(store.secretKey());
      for (String flink : List.of("jobmanager", "taskmanager")) {
        assertThat(flinkProperties(flink))
            .as("compose.yaml " + flink + ": the S3 file system's keys")
            .containsEntry("s3.access-key", store.accessKey())
            .containsEntry("s3.secret-key", store.secretKey())
            .containsEntry("s3.endpoint", store.endpoint())
            .containsEntry("s3.path.style.access", "true");
      }
    }

    @Test
    void oneBucketHoldsTheJobsDataTheAuditorsViewAndTheCheckpoints() {
      String bucket = storeConfig(jobConfiguration()).bucket();
      assertThat(createdBucket(service("minio-setup").path("entrypoint")))
          .as("compose.yaml minio-setup creates the job's bucket")
          .isEqualTo(bucket);
      assertThat(serviceConfig().audit().s3Bucket())
          .as("compose.yaml labelling audit bucket")
          .isEqualTo(bucket);
      Map<String, String> jm = flinkProperties("jobmanager");
      assertThat(bucketOf(jm.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key())))
          .isEqualTo(bucket);
      assertThat(bucketOf(jm.get(CheckpointingOptions.SAVEPOINT_DIRECTORY.key())))
          .isEqualTo(bucket);
    }

    @Test
    void endpointsNameServicesAndPortsThatServeThem() {
      Configuration job = jobConfiguration();
      ServiceConfig service = serviceConfig();
      URI s3 = URI.create(storeConfig(job).endpoint());
      assertThat(s3.getHost()).isEqualTo("minio");
      assertThat(containerPorts("minio")).contains(s3.getPort());
      assertThat(service.audit().s3Endpoint()).contains(storeConfig(job).endpoint());

      URI labelling = URI.create(job.get(LabellingConnectorOptions.BASE_URL));
      assertThat(labelling.getHost()).isEqualTo("labelling");
      assertThat(labelling.getPort())
          .as("the job reaches the service on its port")
          .isEqualTo(service.http().port());
      assertThat(containerPorts("labelling")).containsExactly(service.http().port());
      assertThat(service("labelling").path("healthcheck").path("test").toString())
          .contains("http://localhost:" + service.http().port() + "/health");

      URI db = URI.create(service.db().url().orElseThrow().substring("jdbc:".length()));
      Map<String, String> postgres = environment("postgres");
      assertThat(db.getHost()).isEqualTo("postgres");
      assertThat(db.getPort()).isEqualTo(5432);
      assertThat(db.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
      assertThat(service.db().user()).isEqualTo(postgres.get("POSTGRES_USER"));
      assertThat(service.db().password()).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
    }

    @Test
    void flinksRestAndMetricsPortsAreTheOnesPublished() {
      Map<String, String> jm = flinkProperties("jobmanager");
      int rest = Integer.parseInt(jm.get(RestOptions.PORT.key()));
      assertThat(rest).as("Flink's REST port").isEqualTo(RestOptions.PORT.defaultValue());
      assertThat(containerPorts("jobmanager")).contains(rest);
      assertThat(service("jobmanager").path("healthcheck").path("test").toString())
          .contains("localhost:" + rest + "/");
      assertThat(flinkProperties("job-submit"))
          .containsEntry(RestOptions.ADDRESS.key(), "jobmanager")
          .containsEntry(RestOptions.PORT.key(), String.valueOf(rest));
      assertThat(jm).containsEntry(JobManagerOptions.ADDRESS.key(), "jobmanager");
      assertThat(flinkProperties("taskmanager"))
          .containsEntry(JobManagerOptions.ADDRESS.key(), "jobmanager");

      for (String flink : List.of("jobmanager", "taskmanager")) {
        assertThat(flinkProperties(flink))
            .as("compose.yaml " + flink + " Prometheus reporter")
            .containsEntry(PROMETHEUS_REPORTER + "factory.class", PROMETHEUS_FACTORY)
            .containsEntry(PROMETHEUS_REPORTER + "port", "9249");
      }
      assertThat(containerPorts("jobmanager")).contains(9249);
    }

    @Test
    void theSubmitterRunsTheJarTheJobImageHolds() {
      List<String> run = flinkRun();
      String jar = run.stream().filter(w -> w.endsWith(".jar")).findFirst().orElseThrow();
      assertThat(jar)
          .isEqualTo(Dockerfile.read(DEPLOY.resolve("docker/job.Dockerfile")).copies().get(1)[1]);
      assertThat(run).contains("--detached");
      assertThat(service("job-submit").path("command").toString())
          .as(
              "the submitter skips when the job already runs under the name HandmadeJobMain gives it")
          .contains("' : handmade (RUNNING)'");
    }
  }

  // ---------------------------------------------------------------- Kubernetes

  @Nested
  class Kubernetes {

    static final Path DIR = DEPLOY.resolve("k8s");
    static final List<JsonNode> RESOURCES = readResources();
    static final Map<String, String> SECRETS = readSecrets();

    static List<JsonNode> readResources() {
      List<JsonNode> resources = new ArrayList<>();
      try (Stream<Path> files = Files.list(DIR)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
          if (!file.getFileName().toString().equals("kustomization.yaml")) {
            resources.addAll(DeploymentFiles.documents(DeploymentFiles.read(file)));
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return resources;
    }

    static Map<String, String> readSecrets() {
      Map<String, String> secrets = new LinkedHashMap<>();
      resource("Secret", "handmade-secrets")
          .path("stringData")
          .fields()
          .forEachRemaining(e -> secrets.put(e.getKey(), e.getValue().asText()));
      return secrets;
    }

    static JsonNode resource(String kind, String name) {
      return RESOURCES.stream()
          .filter(
              r ->
                  kind.equals(r.path("kind").asText())
                      && name.equals(r.path("metadata").path("name").asText()))
          .findFirst()
          .orElseThrow(() -> new AssertionError("infra/deploy/k8s has no " + kind + " " + name));
    }

    static JsonNode container(JsonNode workload, String name) {
      for (JsonNode c : workload.path("spec").path("template").path("spec").path("containers")) {
        if (name.equals(c.path("name").asText())) {
          return c;
        }
      }
      throw new AssertionError("no container " + name);
    }

    /** A container's environment, secretKeyRefs resolved from the Secret. */
    static Map<String, String> environment(JsonNode container) {
      Map<String, String> env = new LinkedHashMap<>();
      for (JsonNode var : container.path("env")) {
        JsonNode ref = var.path("valueFrom").path("secretKeyRef");
        if (ref.isMissingNode()) {
          env.put(var.path("name").asText(), var.path("value").asText());
        } else {
          assertThat(ref.path("name").asText()).isEqualTo("handmade-secrets");
          assertThat(SECRETS)
              .as(var.path("name").asText() + " refers to a key of the Secret")
              .containsKey(ref.path("key").asText());
          env.put(var.path("name").asText(), SECRETS.get(ref.path("key").asText()));
        }
      }
      return env;
    }

    static JsonNode flink() {
      return resource("FlinkDeployment", "handmade");
    }

    static JsonNode flinkContainer() {
      for (JsonNode c : flink().path("spec").path("podTemplate").path("spec").path("containers")) {
        if ("flink-main-container".equals(c.path("name").asText())) {
          return c;
        }
      }
      throw new AssertionError("the FlinkDeployment's pod template has no flink-main-container");
    }

    static Map<String, String> flinkConfiguration() {
      Map<String, String> conf = new LinkedHashMap<>();
      flink()
          .path("spec")
          .path("flinkConfiguration")
          .fields()
          .forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
      return conf;
    }

    static Map<String, String> jobArguments() {
      List<String> args = new ArrayList<>();
      flink().path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
      return DeploymentFiles.jobArguments(args);
    }

    /** What HandmadeJobMain.main makes of the arguments and the pod's environment. */
    static Configuration jobConfiguration() {
      return SecretsFromEnvironment.fill(
          Configuration.fromMap(jobArguments()), environment(flinkContainer()));
    }

    static ServiceConfig serviceConfig(Path tempDir) throws IOException {
      Path file = tempDir.resolve("labelling.yaml");
      Files.writeString(
          file,
          resource("ConfigMap", "labelling-config").path("data").path("labelling.yaml").asText());
      return ServiceConfig.builder()
          .file(file)
          .environment(environment(container(resource("Deployment", "labelling"), "labelling")))
          .build();
    }

    static Set<Integer> servicePorts(String name) {
      Set<Integer> ports = new TreeSet<>();
      for (JsonNode port : resource("Service", name).path("spec").path("ports")) {
        ports.add(port.path("port").asInt());
        assertThat(port.path("targetPort").asInt())
            .as("Service " + name + " forwards to the same port")
            .isEqualTo(port.path("port").asInt());
      }
      return ports;
    }

    @Test
    void kustomizationAppliesEveryManifest() throws IOException {
      JsonNode kustomization =
          DeploymentFiles.documents(DeploymentFiles.read(DIR.resolve("kustomization.yaml"))).get(0);
      List<String> listed = new ArrayList<>();
      kustomization.path("resources").forEach(r -> listed.add(r.asText()));
      try (Stream<Path> files = Files.list(DIR)) {
        assertThat(listed)
            .containsExactlyInAnyOrderElementsOf(
                files
                    .map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .toList());
      }
    }

    @Test
    void theFlinkDeploymentRunsTheJobImagesJarOnItsFlinkVersion() {
      JsonNode spec = flink().path("spec");
      assertThat(flink().path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
      assertThat(spec.path("flinkVersion").asText())
          .as("the operator's name for the build's Flink version")
          .isEqualTo(BUILD.operatorFlinkVersion());
      assertThat(spec.path("image").asText()).isEqualTo(BUILD.jobImage());
      String jar = Dockerfile.read(DEPLOY.resolve("docker/job.Dockerfile")).copies().get(1)[1];
      assertThat(spec.path("job").path("jarURI").asText()).isEqualTo("local://" + jar);
      assertThat(spec.path("job").path("entryClass").asText()).isEqualTo(BUILD.jobMainClass());
      assertThat(environment(flinkContainer()))
          .containsEntry("ENABLE_BUILT_IN_PLUGINS", BUILD.s3Plugin());
    }

    @Test
    void setsOnlyKeysTheCodeKnows() {
      List<String> problems = new ArrayList<>();
      problems.addAll(unknownJobKeys(jobArguments().keySet(), "flinkdeployment.yaml job.args"));
      problems.addAll(
          unknownFlinkKeys(
              flinkConfiguration().keySet(), "flinkdeployment.yaml flinkConfiguration"));
      Set<String> secretVariables =
          SecretsFromEnvironment.SECRETS.stream()
              .map(SecretsFromEnvironment::variable)
              .collect(Collectors.toSet());
      environment(flinkContainer()).keySet().stream()
          .filter(n -> n.startsWith("HANDMADE_") && !secretVariables.contains(n))
          .forEach(
              n ->
                  problems.add(
                      "flinkdeployment.yaml sets "
                          + n
                          + ", which the job does not read "
                          + "(SecretsFromEnvironment reads "
                          + new TreeSet<>(secretVariables)
                          + ")"));
      problems.addAll(
          unknownServiceVariables(
              environment(container(resource("Deployment", "labelling"), "labelling")).keySet(),
              "labelling-service.yaml"));
      assertThat(problems).isEmpty();
    }

    @Test
    void checkpointsSavepointsAndHighAvailabilityLiveInTheJobsBucket() {
      Map<String, String> conf = flinkConfiguration();
      String bucket = storeConfig(jobConfiguration()).bucket();
      assertThat(conf).containsEntry(HighAvailabilityOptions.HA_MODE.key(), "kubernetes");
      assertThat(bucketOf(conf.get(HighAvailabilityOptions.HA_STORAGE_PATH.key())))
          .isEqualTo(bucket);
      assertThat(bucketOf(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key())))
          .isEqualTo(bucket);
      assertThat(bucketOf(conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY.key())))
          .isEqualTo(bucket);
      assertThat(createdBucket(container(resource("Job", "minio-bucket"), "mc").path("command")))
          .as("minio.yaml Job minio-bucket creates the job's bucket")
          .isEqualTo(bucket);
      // the S3 file system finds its keys in the AWS SDK's variables
      Map<String, String> env = environment(flinkContainer());
      assertThat(env.get("AWS_ACCESS_KEY_ID"))
          .isEqualTo(storeConfig(jobConfiguration()).accessKey());
      assertThat(env.get("AWS_SECRET_ACCESS_KEY"))
          .isEqualTo(storeConfig(jobConfiguration()).secretKey());
      assertThat(conf)
          .containsEntry("s3.endpoint", storeConfig(jobConfiguration()).endpoint())
          .containsEntry("s3.path.style.access", "true");
    }

    @Test
    void theJobAndTheServiceAcceptTheirConfigurationAndShareTheirSecrets(@TempDir Path tempDir)
        throws IOException {
      Configuration job = jobConfiguration();
      LabellingServiceConfig labelling = LabellingServiceConfig.fromConfiguration(job);
      ObjectStoreConfig store = storeConfig(job);
      ServiceConfig service = serviceConfig(tempDir);

      assertThat(labelling.token()).isEqualTo(service.bootstrap().pipelineToken().orElseThrow());
      Map<String, String> minio = environment(container(resource("StatefulSet", "minio"), "minio"));
      assertThat(store.accessKey()).isEqualTo(minio.get("MINIO_ROOT_USER"));
      assertThat(store.secretKey()).isEqualTo(minio.get("MINIO_ROOT_PASSWORD"));
      assertThat(service.auditStore().orElseThrow().bucket()).isEqualTo(store.bucket());
      assertThat(service.audit().s3Endpoint()).contains(store.endpoint());

      Map<String, String> postgres =
          environment(container(resource("StatefulSet", "postgres"), "postgres"));
      URI db = URI.create(service.db().url().orElseThrow().substring("jdbc:".length()));
      assertThat(servicePorts(db.getHost())).contains(db.getPort());
      assertThat(db.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
      assertThat(service.db().user()).isEqualTo(postgres.get("POSTGRES_USER"));
      assertThat(service.db().password()).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
    }

    @Test
    void portsAgreeFromConfigurationToService(@TempDir Path tempDir) throws IOException {
      ServiceConfig service = serviceConfig(tempDir);
      JsonNode deployment = resource("Deployment", "labelling");
      JsonNode labelling = container(deployment, "labelling");
      int port = service.http().port();
      assertThat(labelling.path("ports").get(0).path("containerPort").asInt()).isEqualTo(port);
      assertThat(labelling.path("readinessProbe").path("httpGet").path("port").asInt())
          .isEqualTo(port);
      assertThat(labelling.path("livenessProbe").path("httpGet").path("port").asInt())
          .isEqualTo(port);
      assertThat(servicePorts("labelling")).containsExactly(port);
      assertThat(
              deployment
                  .path("spec")
                  .path("template")
                  .path("metadata")
                  .path("annotations")
                  .path("prometheus.io/port")
                  .asText())
          .isEqualTo(String.valueOf(port));

      URI base = URI.create(jobConfiguration().get(LabellingConnectorOptions.BASE_URL));
      assertThat(base.getHost())
          .as("the job's labelling base-url names the Service")
          .isEqualTo("labelling");
      assertThat(servicePorts(base.getHost())).contains(base.getPort());
      URI s3 = URI.create(storeConfig(jobConfiguration()).endpoint());
      assertThat(servicePorts(s3.getHost())).contains(s3.getPort());

      Map<String, String> conf = flinkConfiguration();
      assertThat(conf).containsEntry(PROMETHEUS_REPORTER + "factory.class", PROMETHEUS_FACTORY);
      String metricsPort = conf.get(PROMETHEUS_REPORTER + "port");
      assertThat(
              flink()
                  .path("spec")
                  .path("podTemplate")
                  .path("metadata")
                  .path("annotations")
                  .path("prometheus.io/port")
                  .asText())
          .isEqualTo(metricsPort);
      assertThat(flinkContainer().path("ports").get(0).path("containerPort").asText())
          .isEqualTo(metricsPort);
    }

    @Test
    void theServiceStartsWithServeAndTheMountedConfigFile() throws Exception {
      JsonNode deployment = resource("Deployment", "labelling");
      JsonNode labelling = container(deployment, "labelling");
      assertThat(labelling.path("image").asText()).isEqualTo(BUILD.serviceImage());
      List<String> args = new ArrayList<>();
      labelling.path("args").forEach(a -> args.add(a.asText()));
      assertThat(args).hasSize(3);
      assertThat(subcommands()).contains(args.get(0));
      Option config =
          Class.forName("dev.handmade.labelling.cli.ServeCommand")
              .getDeclaredField("configFile")
              .getAnnotation(Option.class);
      assertThat(config.names()).contains(args.get(1));
      Path file = Path.of(args.get(2));
      assertThat(labelling.path("volumeMounts").get(0).path("mountPath").asText())
          .isEqualTo(file.getParent().toString());
      assertThat(
              resource("ConfigMap", "labelling-config")
                  .path("data")
                  .has(file.getFileName().toString()))
          .isTrue();
      assertThat(
              deployment
                  .path("spec")
                  .path("template")
                  .path("spec")
                  .path("securityContext")
                  .path("runAsUser")
                  .asText())
          .as("the user service.Dockerfile creates")
          .isEqualTo("10001");
    }

    @Test
    void imagesAreTheOnesComposeAndTheTestsUse() {
      assertThat(container(resource("StatefulSet", "minio"), "minio").path("image").asText())
          .isEqualTo(MinioContainers.IMAGE);
      assertThat(container(resource("Job", "minio-bucket"), "mc").path("image").asText())
          .isEqualTo(Compose.service("minio-setup").path("image").asText());
      assertThat(container(resource("StatefulSet", "postgres"), "postgres").path("image").asText())
          .isEqualTo(Compose.service("postgres").path("image").asText());
    }
  }
}
