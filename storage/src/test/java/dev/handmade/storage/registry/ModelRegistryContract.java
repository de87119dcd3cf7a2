package dev.handmade.storage.registry;

import static dev.handmade.storage.registry.Drafts.draft;
import static dev.handmade.storage.registry.Drafts.modelBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.handmade.schema.ModelVersion;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link ModelRegistry} promises, run against each S3 server we support: the in-process
 * S3Proxy always, MinIO where Docker runs. Each test gets a bucket of its own.
 */
abstract class ModelRegistryContract {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123Z");

  /** Endpoint and credentials of the server under test; the contract adds buckets. */
  protected abstract ObjectStore.Builder serverStore();

  private ObjectStore store;
  private ModelRegistry registry;

  @BeforeEach
  void newRegistry() {
    store = serverStore().bucket(S3ProxyExtension.uniqueBucketName()).build();
    store.createBucketIfAbsent();
    registry = new ModelRegistry(store, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void keepsEachRoundsVerdictAndTheLatest() {
    assertThat(registry.lastRound()).isEmpty();
    RoundRecord rejected =
        new RoundRecord(
            1, NOW.minusSeconds(30), NOW, null, 1.000000001, "rejected: no threshold reaches 95%");
    RoundRecord deployed =
        new RoundRecord(2, NOW.plusSeconds(30), NOW.plusSeconds(60), "v1", 0.8125, "deployed v1");
    registry.recordRound(rejected);
    registry.recordRound(deployed);

    assertThat(registry.round(1)).contains(rejected);
    assertThat(registry.round(2)).contains(deployed);
    assertThat(registry.round(3)).isEmpty();
    assertThat(registry.lastRound()).contains(deployed);
    assertThat(registry.versions()).as("round records are not versions").isEmpty();
  }

  @Test
  void publishesVersionsInOrderAndDescribesThem() {
    Instant trainedAt = Instant.parse("2026-02-27T08:30:00Z");
    byte[] first = modelBytes(2_000, 1);

    ModelVersion v1 =
        registry.publish(draft(null, "bootstrap on simulator").setCreatedAt(trainedAt), first);
    ModelVersion v2 = registry.publish(draft("v1", "first human labels"), modelBytes(3_000, 2));
    ModelVersion v3 = registry.publish(draft("v2", "second round"), modelBytes(4_000, 3));

    assertThat(List.of(v1, v2, v3))
        .extracting(ModelVersion::getVersion)
        .containsExactly("v1", "v2", "v3");
    assertThat(List.of(v1, v2, v3)).extracting(ModelVersion::getNumber).containsExactly(1, 2, 3);
    assertThat(v1.getModelFile()).isEqualTo("model.zip");
    assertThat(v1.getModelSha256()).isEqualTo(ModelRegistry.sha256(first)).hasSize(64);
    assertThat(v1.getCreatedAt()).isEqualTo(trainedAt);
    assertThat(v2.getCreatedAt()).isEqualTo(NOW);
    assertThat(v2.getParent()).isEqualTo("v1");

    assertThat(registry.versions()).containsExactly("v1", "v2", "v3");
    assertThat(registry.list()).containsExactly(v1, v2, v3);
    assertThat(registry.latest()).contains(v3);
    assertThat(registry.describe("v2")).isEqualTo(v2);
    assertThat(store.list("models/"))
        .containsExactly(
            "models/v1/model.zip", "models/v1/version.avro",
            "models/v2/model.zip", "models/v2/version.avro",
            "models/v3/model.zip", "models/v3/version.avro");
  }

  @Test
  void tenthVersionSortsAfterTheNinth() {
    for (int i = 1; i <= 10; i++) {
      registry.publish(draft(null, "round " + i), modelBytes(10, i));
    }

    assertThat(registry.versions()).endsWith("v9", "v10");
    assertThat(registry.latest()).get().extracting(ModelVersion::getNumber).isEqualTo(10);
  }

  @Test
  void emptyRegistryHasNothingToOffer() {
    assertThat(registry.versions()).isEmpty();
    assertThat(registry.list()).isEmpty();
    assertThat(registry.latest()).isEmpty();
    assertThat(registry.loadLatest()).isEmpty();
    assertThat(registry.deployed()).isEmpty();
    assertThat(registry.loadDeployed()).isEmpty();
    assertThat(registry.deploymentHistory()).isEmpty();
  }

  @Test
  void loadReturnsTheModelBitForBit() {
    byte[] bytes = modelBytes(3 * 1024 * 1024 + 17, 7);
    ModelVersion published = registry.publish(draft(null, "large"), bytes);

    LoadedModel loaded = registry.load("v1");

    assertThat(loaded.version()).isEqualTo(published);
    assertThat(loaded.modelBytes()).isEqualTo(bytes);
    assertThat(registry.loadLatest()).get().extracting(LoadedModel::modelBytes).isEqualTo(bytes);
  }

  @Test
  void draftLackingFieldsIsRefusedBeforeAnythingIsWritten() {
    ModelVersion.Builder incomplete = ModelVersion.newBuilder().setTrainingDescription("half");

    assertThatThrownBy(() -> registry.publish(incomplete, modelBytes(10, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trainingExamples")
        .hasMessageContaining("evaluation")
        .hasMessageContaining("labour")
        .hasMessageNotContaining("trainingDescription");
    assertThatThrownBy(() -> registry.publish(draft("v4", "orphan"), modelBytes(10, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parent 'v4' is not a published version");
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void overwrittenModelFileIsCorruptNamingVersionAndKey() {
    byte[] bytes = modelBytes(5_000, 3);
    registry.publish(draft(null, "good"), bytes);
    ModelVersion v2 = registry.publish(draft("v1", "to be damaged"), bytes);
    byte[] damaged = bytes.clone();
    damaged[4_321] ^= 0x01;
    store.putBytes("models/v2/model.zip", damaged);

    assertThatThrownBy(() -> registry.load("v2"))
        .isInstanceOfSatisfying(
            CorruptModelException.class,
            e -> {
              assertThat(e.version()).isEqualTo("v2");
              assertThat(e.key()).isEqualTo("models/v2/model.zip");
            })
        .hasMessageContaining("model version v2 is corrupt")
        .hasMessageContaining("models/v2/model.zip")
        .hasMessageContaining(v2.getModelSha256())
        .hasMessageContaining(ModelRegistry.sha256(damaged));
    assertThatThrownBy(() -> registry.loadLatest()).isInstanceOf(CorruptModelException.class);
    assertThat(registry.load("v1").modelBytes()).isEqualTo(bytes);
  }

  @Test
  void missingModelFileIsCorrupt() {
    registry.publish(draft(null, "lost"), modelBytes(100, 1));
    store.delete("models/v1/model.zip");

    assertThatThrownBy(() -> registry.load("v1"))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("models/v1/model.zip is missing");
  }

  @Test
  void unreadableOrMisplacedRecordIsCorrupt() {
    ModelVersion v1 = registry.publish(draft(null, "one"), modelBytes(100, 1));
    registry.publish(draft("v1", "two"), modelBytes(100, 2));
    store.putBytes("models/v2/version.avro", "not avro".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> registry.describe("v2"))
        .isInstanceOfSatisfying(
            CorruptModelException.class,
            e -> assertThat(e.key()).isEqualTo("models/v2/version.avro"))
        .hasMessageContaining("model version v2 is corrupt")
        .hasMessageContaining("cannot be read as a ModelVersion record");
    assertThatThrownBy(() -> registry.list()).isInstanceOf(CorruptModelException.class);

    // v1's record copied into v2's folder: decodable, but not v2's
    store.putBytes("models/v2/version.avro", store.getBytes("models/v1/version.avro"));
    assertThatThrownBy(() -> registry.load("v2"))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("holds the record of v1");
    assertThat(registry.describe("v1")).isEqualTo(v1);
  }

  @Test
  void unknownVersionNamesTheKnownOnes() {
    registry.publish(draft(null, "one"), modelBytes(100, 1));
    registry.publish(draft("v1", "two"), modelBytes(100, 2));

    for (String unknown : List.of("v3", "v0", "v01", "latest", "../v1", "")) {
      assertThatThrownBy(() -> registry.load(unknown))
          .isInstanceOfSatisfying(
              UnknownModelVersionException.class,
              e -> {
                assertThat(e.version()).isEqualTo(unknown);
                assertThat(e.knownVersions()).containsExactly("v1", "v2");
              })
          .hasMessageContaining("no model version '" + unknown + "'")
          .hasMessageContaining("published versions: v1, v2");
    }
    assertThatThrownBy(() -> registry.describe("v3"))
        .isInstanceOf(UnknownModelVersionException.class);
  }

  @Test
  void halfWrittenVersionIsNotAVersionAndItsNumberIsReused() {
    registry.publish(draft(null, "one"), modelBytes(100, 1));
    byte[] lost = modelBytes(200, 2);

    // the publisher dies after uploading the model file, before writing the record
    ModelRegistry.PendingVersion crashed = registry.stage(draft("v1", "crashed"), lost);

    assertThat(crashed.record().getVersion()).isEqualTo("v2");
    assertThat(store.exists("models/v2/model.zip")).isTrue();
    assertThat(registry.versions()).containsExactly("v1");
    assertThat(registry.latest()).get().extracting(ModelVersion::getVersion).isEqualTo("v1");
    assertThatThrownBy(() -> registry.load("v2")).isInstanceOf(UnknownModelVersionException.class);
    assertThatThrownBy(() -> registry.deploy("v2"))
        .isInstanceOf(UnknownModelVersionException.class);

    byte[] retrained = modelBytes(300, 3);
    ModelVersion v2 = registry.publish(draft("v1", "retrained"), retrained);

    assertThat(v2.getVersion()).isEqualTo("v2");
    assertThat(v2.getTrainingDescription()).isEqualTo("retrained");
    assertThat(registry.versions()).containsExactly("v1", "v2");
    assertThat(registry.load("v2").modelBytes()).isEqualTo(retrained);
  }

  @Test
  void secondPublisherOfANumberFailsInsteadOfOverwriting() {
    byte[] first = modelBytes(100, 1);
    byte[] second = modelBytes(100, 2);
    ModelRegistry.PendingVersion winner = registry.stage(draft(null, "trainer A"), first);
    ModelRegistry.PendingVersion loser = registry.stage(draft(null, "trainer B"), second);

    winner.commit();

    assertThatThrownBy(loser::commit)
        .isInstanceOfSatisfying(
            VersionConflictException.class, e -> assertThat(e.version()).isEqualTo("v1"))
        .hasMessageContaining("cannot publish v1")
        .hasMessageContaining("single trainer");
    assertThat(registry.describe("v1").getTrainingDescription()).isEqualTo("trainer A");
    // B's upload replaced A's model file before the conflict showed: the damage is refused
    // at load, never served as v1
    assertThatThrownBy(() -> registry.load("v1")).isInstanceOf(CorruptModelException.class);
    assertThat(registry.versions()).containsExactly("v1");
  }

  @Test
  void deployAndRollBackThroughTheHistory() {
    byte[] one = modelBytes(100, 1);
    registry.publish(draft(null, "one"), one);
    registry.publish(draft("v1", "two"), modelBytes(100, 2));
    registry.publish(draft("v2", "three"), modelBytes(100, 3));

    registry.deploy("v1");
    registry.deploy("v2");
    registry.deploy("v2");
    registry.deploy("v3");

    assertThat(registry.deployed()).contains("v3");
    assertThat(registry.loadDeployed())
        .get()
        .extracting(loaded -> loaded.version().getVersion())
        .isEqualTo("v3");

    assertThat(registry.rollback()).isEqualTo("v2");
    assertThat(registry.deployed()).contains("v2");
    assertThat(registry.rollback()).isEqualTo("v1");
    assertThat(registry.loadDeployed()).get().extracting(LoadedModel::modelBytes).isEqualTo(one);

    assertThatThrownBy(() -> registry.rollback())
        .isInstanceOf(NoEarlierDeploymentException.class)
        .hasMessageContaining("cannot roll back from v1");
    assertThat(registry.deployed()).contains("v1");
    assertThat(registry.deploymentHistory())
        .extracting(Deployment::kind, Deployment::version)
        .containsExactly(
            tuple(Deployment.Kind.DEPLOY, "v1"),
            tuple(Deployment.Kind.DEPLOY, "v2"),
            tuple(Deployment.Kind.DEPLOY, "v3"),
            tuple(Deployment.Kind.ROLLBACK, "v2"),
            tuple(Deployment.Kind.ROLLBACK, "v1"));
    assertThat(registry.deploymentHistory()).extracting(Deployment::at).containsOnly(NOW);
    assertThat(new String(store.getBytes(ModelRegistry.POINTER_KEY), StandardCharsets.UTF_8))
        .contains("\"deployed\" : \"v1\"");
  }

  @Test
  void rollbackAfterRedeployReturnsToTheVersionBefore() {
    registry.publish(draft(null, "one"), modelBytes(100, 1));
    registry.publish(draft("v1", "two"), modelBytes(100, 2));
    registry.deploy("v1");
    registry.deploy("v2");
    registry.deploy("v1");

    assertThat(registry.rollback()).isEqualTo("v2");
    assertThat(registry.rollback()).isEqualTo("v1");
  }

  @Test
  void nothingToRollBackBeforeTheSecondDeployment() {
    assertThatThrownBy(() -> registry.rollback())
        .isInstanceOf(NoEarlierDeploymentException.class)
        .hasMessageContaining("no version has been deployed");

    registry.publish(draft(null, "one"), modelBytes(100, 1));
    registry.deploy("v1");

    assertThatThrownBy(() -> registry.rollback())
        .isInstanceOf(NoEarlierDeploymentException.class)
        .hasMessageContaining("cannot roll back from v1")
        .hasMessageContaining("deploy v1 at " + NOW);
  }

  @Test
  void unknownOrCorruptVersionIsNeverDeployed() {
    byte[] bytes = modelBytes(100, 1);
    registry.publish(draft(null, "one"), bytes);
    registry.publish(draft("v1", "two"), bytes);
    registry.deploy("v1");
    store.putBytes("models/v2/model.zip", modelBytes(100, 9));

    assertThatThrownBy(() -> registry.deploy("v7"))
        .isInstanceOf(UnknownModelVersionException.class)
        .hasMessageContaining("published versions: v1, v2");
    assertThatThrownBy(() -> registry.deploy("v2")).isInstanceOf(CorruptModelException.class);
    assertThat(registry.deployed()).contains("v1");
    assertThat(registry.deploymentHistory()).hasSize(1);
  }

  @Test
  void rollbackToADamagedVersionLeavesThePointer() {
    registry.publish(draft(null, "one"), modelBytes(100, 1));
    registry.publish(draft("v1", "two"), modelBytes(100, 2));
    registry.deploy("v1");
    registry.deploy("v2");
    store.putBytes("models/v1/model.zip", modelBytes(100, 9));

    assertThatThrownBy(() -> registry.rollback())
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("model version v1 is corrupt");
    assertThat(registry.deployed()).contains("v2");
  }

  @Test
  void unreadablePointerIsNamed() {
    store.putBytes(
        ModelRegistry.POINTER_KEY, "{\"deployed\": \"v1\"".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> registry.deployed())
        .isInstanceOf(ModelRegistryException.class)
        .hasMessageContaining("deployment pointer models/deployed.json is not JSON");

    store.putBytes(
        ModelRegistry.POINTER_KEY,
        ("{\"deployed\": \"v2\", \"history\": [{\"version\":"
                + " \"v1\", \"at\": \"2026-01-01T00:00:00Z\", \"kind\": \"DEPLOY\"}]}")
            .getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> registry.deployed())
        .isInstanceOf(ModelRegistryException.class)
        .hasMessageContaining("says \"deployed\": v2 but its history leads to v1");
  }
}
