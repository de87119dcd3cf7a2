package dev.handmade.storage.registry;

import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.io.AvroBytes;
import dev.handmade.schema.io.MalformedRecordException;
import dev.handmade.storage.ObjectNotFoundException;
import dev.handmade.storage.ObjectStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.AvroRuntimeException;

/**
 * The system of record for trained models, kept in an object store.
 *
 * <p>Layout: version N is the folder {@code models/vN/}, holding the DL4J model file
 * ({@code model.zip}) and the version's {@link ModelVersion} record ({@code version.avro}, one
 * Avro record as {@link AvroBytes} writes it). The deployment pointer is {@code
 * models/deployed.json} (see {@link #deploy}).
 *
 * <p><b>A version exists once its record does.</b> {@link #publish} writes the model file
 * first and the record last, so a publish that dies between the two leaves a folder with a
 * model file and no record. Such a folder is not a version: it is not listed, cannot be loaded
 * or deployed, and the next publish takes its number and overwrites its model file. Numbers
 * therefore stay gap-free.
 *
 * <p><b>One publisher.</b> The next number is the highest published number plus one, read from
 * a listing; the registry assumes a single trainer publishes. A second, concurrent publisher
 * is caught rather than allowed to overwrite: the record is written only if absent, so one of
 * two publishes of the same number fails with {@link VersionConflictException}. The model file
 * of that number may by then hold the loser's bytes, which {@link #load} detects through the
 * SHA-256 and refuses; no wrong model is ever served. Likewise one operator moves the
 * deployment pointer at a time.
 *
 * <p>Failures of the store come out as the storage package's exceptions (an unreachable store
 * as {@link dev.handmade.storage.ObjectStoreUnavailableException} naming the endpoint).
 * Thread-safe as far as one publisher is concerned; reading from many threads is fine.
 */
public final class ModelRegistry {

  public static final String ROOT = "models/";
  public static final String MODEL_FILE = "model.zip";
  public static final String RECORD_FILE = "version.avro";
  public static final String POINTER_KEY = ROOT + "deployed.json";
  public static final String ROUNDS = ROOT + "rounds/";
  private static final String LAST_ROUND_KEY = ROUNDS + "last.json";

  /** "v1", "v2", ...: no leading zeros, so that every number has one name and one folder. */
  static final Pattern VERSION_NAME = Pattern.compile("v([1-9][0-9]{0,8})");

  private static final Pattern RECORD_KEY =
      Pattern.compile(Pattern.quote(ROOT) + "v([1-9][0-9]{0,8})/" + Pattern.quote(RECORD_FILE));

  // a tampered record must not be able to point a load outside its own folder
  private static final Pattern PLAIN_FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

  private final ObjectStore store;
  private final Clock clock;

  public ModelRegistry(ObjectStore store) {
    this(store, Clock.systemUTC());
  }

  /** @param clock stamps versions whose draft has no {@code createdAt}, and deployments */
  public ModelRegistry(ObjectStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Publishes a new version.
   *
   * <p>The draft holds what the trainer knows: parent, training description, evaluation,
   * calibration, labour. The registry sets {@code number} (highest published + 1), {@code
   * version} ("v" + number), {@code modelFile} and {@code modelSha256}, overwriting whatever the
   * draft held there, and {@code createdAt} if the draft has none. The draft is not modified.
   *
   * @return the published record, equal to what {@link #describe} returns for it
   * @throws IllegalArgumentException when the draft lacks a field, names an unpublished parent,
   *     or the model is empty
   * @throws VersionConflictException when another publisher took the number meanwhile
   */
  public ModelVersion publish(ModelVersion.Builder draft, byte[] modelBytes) {
    return stage(draft, modelBytes).commit();
  }

  /**
   * The first half of {@link #publish}: picks the number and uploads the model file. Until
   * {@link PendingVersion#commit()} writes the record, the version does not exist; tests use
   * this to stand for a publisher that dies between the two writes.
   */
  PendingVersion stage(ModelVersion.Builder draft, byte[] modelBytes) {
    Objects.requireNonNull(draft, "draft");
    Objects.requireNonNull(modelBytes, "modelBytes");
    if (modelBytes.length == 0) {
      throw new IllegalArgumentException("the model file is empty");
    }
    checkDraft(draft);
    List<Integer> numbers = publishedNumbers();
    if (draft.getParent() != null) {
      Matcher parent = VERSION_NAME.matcher(draft.getParent());
      if (!parent.matches() || !numbers.contains(Integer.parseInt(parent.group(1)))) {
        throw new IllegalArgumentException(
            "the draft's parent '"
                + draft.getParent()
                + "' is not a published version; "
                + (numbers.isEmpty()
                    ? "none is published yet"
                    : "published: " + String.join(", ", names(numbers))));
      }
    }
    int number = numbers.isEmpty() ? 1 : numbers.get(numbers.size() - 1) + 1;
    ModelVersion.Builder builder =
        ModelVersion.newBuilder(draft)
            .setNumber(number)
            .setVersion(name(number))
            .setModelFile(MODEL_FILE)
            .setModelSha256(sha256(modelBytes));
    // Avro keeps milliseconds: truncating now makes the returned record equal the stored one
    builder.setCreatedAt(
        (builder.hasCreatedAt() ? builder.getCreatedAt() : clock.instant())
            .truncatedTo(ChronoUnit.MILLIS));
    ModelVersion record;
    try {
      record = builder.build();
    } catch (AvroRuntimeException e) {
      throw new IllegalArgumentException(
          "the draft is not a valid ModelVersion: " + e.getMessage(), e);
    }
    // a record here means a concurrent publisher finished this number: uploading our model
    // file now would overwrite the model of a published version
    if (store.exists(recordKey(number))) {
      throw conflict(record);
    }
    store.putBytes(folder(number) + MODEL_FILE, modelBytes);
    return new PendingVersion(record);
  }

  /** A version whose model file is uploaded and whose record is not yet written. */
  final class PendingVersion {
    private final ModelVersion record;

    private PendingVersion(ModelVersion record) {
      this.record = record;
    }

    ModelVersion record() {
      return record;
    }

    /** Writes the record, which makes the version exist. */
    ModelVersion commit() {
      if (!store.putBytesIfAbsent(recordKey(record.getNumber()), AvroBytes.encode(record))) {
        throw conflict(record);
      }
      return record;
    }
  }

  /** Names of the published versions, oldest first; one listing, no record is read. */
  public List<String> versions() {
    return names(publishedNumbers());
  }

  /**
   * Every published version, oldest first.
   *
   * @throws CorruptModelException when a record cannot be read
   */
  public List<ModelVersion> list() {
    List<ModelVersion> records = new ArrayList<>();
    for (int number : publishedNumbers()) {
      records.add(readRecord(name(number), number));
    }
    return records;
  }

  /** The version with the highest number, if any is published. */
  public Optional<ModelVersion> latest() {
    List<Integer> numbers = publishedNumbers();
    if (numbers.isEmpty()) {
      return Optional.empty();
    }
    int number = numbers.get(numbers.size() - 1);
    return Optional.of(readRecord(name(number), number));
  }

  /**
   * The record of a version, without its model file.
   *
   * @throws UnknownModelVersionException when no such version is published
   * @throws CorruptModelException when its record cannot be read
   */
  public ModelVersion describe(String version) {
    return readRecord(version, parseVersion(version));
  }

  /**
   * A version's record and model file, the file checked against the record's SHA-256.
   *
   * @throws UnknownModelVersionException when no such version is published
   * @throws CorruptModelException when the record is unreadable, or the model file is missing
   *     or does not match
   */
  public LoadedModel load(String version) {
    int number = parseVersion(version);
    ModelVersion record = readRecord(version, number);
    String key = folder(number) + record.getModelFile();
    byte[] bytes;
    try {
      bytes = store.getBytes(key);
    } catch (ObjectNotFoundException e) {
      throw new CorruptModelException(
          version, key, "is missing, though the version's record exists", e);
    }
    String actual = sha256(bytes);
    if (!actual.equalsIgnoreCase(record.getModelSha256())) {
      throw new CorruptModelException(
          version,
          key,
          "does not match its record: SHA-256 of the "
              + bytes.length
              + " stored bytes is "
              + actual
              + ", the record says "
              + record.getModelSha256());
    }
    return new LoadedModel(record, bytes);
  }

  /** The latest version, loaded and checked; empty when none is published. */
  public Optional<LoadedModel> loadLatest() {
    return latest().map(record -> load(record.getVersion()));
  }

  /**
   * Points deployment at a version. The version is loaded and checked first, so a missing or
   * corrupt version is never deployed. Deploying the deployed version changes nothing.
   *
   * <p>Whether the version is good enough to deploy (the evaluation gate) is the caller's
   * decision; this only moves the pointer, with one atomic object write.
   *
   * @throws UnknownModelVersionException when no such version is published
   * @throws CorruptModelException when the version does not load
   */
  public void deploy(String version) {
    load(version);
    DeploymentPointer pointer = readPointer();
    if (pointer.deployed().filter(version::equals).isPresent()) {
      return;
    }
    writePointer(pointer.with(new Deployment(version, now(), Deployment.Kind.DEPLOY)));
  }

  /** The deployed version, if one has ever been deployed. */
  public Optional<String> deployed() {
    return readPointer().deployed();
  }

  /** The deployed version, loaded and checked; empty when nothing is deployed. */
  public Optional<LoadedModel> loadDeployed() {
    return deployed().map(this::load);
  }

  /**
   * Moves the pointer back to the version deployed before the current one. Rollbacks stack:
   * after deploying v1, v2, v3, two rollbacks lead to v2, then v1.
   *
   * @return the version now deployed
   * @throws NoEarlierDeploymentException when nothing, or only one version, is left to go back
   *     from
   * @throws CorruptModelException when the earlier version no longer loads; the pointer stays
   */
  public String rollback() {
    DeploymentPointer pointer = readPointer();
    String current =
        pointer
            .deployed()
            .orElseThrow(
                () ->
                    new NoEarlierDeploymentException(
                        "cannot roll back: no version has been deployed"));
    String previous =
        pointer
            .previous()
            .orElseThrow(
                () ->
                    new NoEarlierDeploymentException(
                        "cannot roll back from "
                            + current
                            + ": no earlier deployment is left to return to (history: "
                            + describeHistory(pointer.history())
                            + ")"));
    load(previous);
    writePointer(pointer.with(new Deployment(previous, now(), Deployment.Kind.ROLLBACK)));
    return previous;
  }

  /**
   * Keeps what a training round concluded: {@code rounds/round-N.json}, and the same as {@code
   * rounds/last.json} for readers that want only the latest (one PUT each, so a reader sees the
   * old record or the new one).
   */
  public void recordRound(RoundRecord record) {
    byte[] json = record.toJson();
    store.putBytes(ROUNDS + "round-" + record.round() + ".json", json);
    store.putBytes(LAST_ROUND_KEY, json);
  }

  /** The record of round {@code n}, if that round finished. */
  public Optional<RoundRecord> round(long n) {
    return readRound(ROUNDS + "round-" + n + ".json");
  }

  /** The number for a new round: one more than the latest recorded, so numbers stay unique across trainers. */
  public long nextRoundNumber() {
    return lastRound().map(r -> r.round() + 1).orElse(1L);
  }

  /** The latest round's record, if any round has finished. */
  public Optional<RoundRecord> lastRound() {
    return readRound(LAST_ROUND_KEY);
  }

  private Optional<RoundRecord> readRound(String key) {
    try {
      return Optional.of(RoundRecord.parse(store.getBytes(key), key));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Every move of the deployment pointer, oldest first. */
  public List<Deployment> deploymentHistory() {
    return readPointer().history();
  }

  private ModelVersion readRecord(String version, int number) {
    String key = recordKey(number);
    byte[] bytes;
    try {
      bytes = store.getBytes(key);
    } catch (ObjectNotFoundException e) {
      throw new UnknownModelVersionException(version, versions());
    }
    ModelVersion record;
    try {
      record = AvroBytes.decode(bytes, ModelVersion.class);
    } catch (MalformedRecordException e) {
      throw new CorruptModelException(
          version, key, "cannot be read as a ModelVersion record: " + e.getMessage(), e);
    }
    if (!version.equals(record.getVersion()) || record.getNumber() != number) {
      throw new CorruptModelException(
          version,
          key,
          "holds the record of " + record.getVersion() + " (number " + record.getNumber() + ")");
    }
    if (!PLAIN_FILE_NAME.matcher(record.getModelFile()).matches()) {
      throw new CorruptModelException(
          version,
          key,
          "names the model file '" + record.getModelFile() + "', which is not a plain file name");
    }
    return record;
  }

  /** @throws UnknownModelVersionException for a name that no version can have */
  private int parseVersion(String version) {
    Objects.requireNonNull(version, "version");
    Matcher matcher = VERSION_NAME.matcher(version);
    if (!matcher.matches()) {
      throw new UnknownModelVersionException(version, versions());
    }
    return Integer.parseInt(matcher.group(1));
  }

  private List<Integer> publishedNumbers() {
    List<Integer> numbers = new ArrayList<>();
    for (String key : store.list(ROOT)) {
      Matcher matcher = RECORD_KEY.matcher(key);
      if (matcher.matches()) {
        numbers.add(Integer.parseInt(matcher.group(1)));
      }
    }
    numbers.sort(null);
    return numbers;
  }

  private DeploymentPointer readPointer() {
    byte[] bytes;
    try {
      bytes = store.getBytes(POINTER_KEY);
    } catch (ObjectNotFoundException e) {
      return DeploymentPointer.empty();
    }
    return DeploymentPointer.parse(bytes, POINTER_KEY);
  }

  private void writePointer(DeploymentPointer pointer) {
    // one PUT replaces the object whole: readers see the old pointer or the new one
    store.putBytes(POINTER_KEY, pointer.toJson());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private VersionConflictException conflict(ModelVersion record) {
    return new VersionConflictException(
        record.getVersion(),
        "cannot publish "
            + record.getVersion()
            + ": its record "
            + recordKey(record.getNumber())
            + " was written by another publisher meanwhile (the registry expects a single"
            + " trainer to publish); publish again to take the next number");
  }

  private static void checkDraft(ModelVersion.Builder draft) {
    List<String> missing = new ArrayList<>();
    if (!draft.hasTrainingExamples()) {
      missing.add("trainingExamples");
    }
    if (!draft.hasTrainingDescription()) {
      missing.add("trainingDescription");
    }
    if (!draft.hasEvaluation() && !draft.hasEvaluationBuilder()) {
      missing.add("evaluation");
    }
    if (!draft.hasTemperature()) {
      missing.add("temperature");
    }
    if (!draft.hasConfidenceThreshold()) {
      missing.add("confidenceThreshold");
    }
    if (!draft.hasTargetAccuracy()) {
      missing.add("targetAccuracy");
    }
    if (!draft.hasLabour() && !draft.hasLabourBuilder()) {
      missing.add("labour");
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "the draft ModelVersion lacks " + String.join(", ", missing));
    }
  }

  private static String describeHistory(List<Deployment> history) {
    List<String> moves = new ArrayList<>();
    for (Deployment move : history) {
      moves.add(move.kind().name().toLowerCase() + " " + move.version() + " at " + move.at());
    }
    return String.join(", ", moves);
  }

  private static String name(int number) {
    return "v" + number;
  }

  private static List<String> names(List<Integer> numbers) {
    return numbers.stream().map(ModelRegistry::name).toList();
  }

  private static String folder(int number) {
    return ROOT + name(number) + "/";
  }

  private static String recordKey(int number) {
    return folder(number) + RECORD_FILE;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
