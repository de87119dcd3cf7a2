package dev.handmade.infra.cli;

import dev.handmade.audit.chain.ChainVerification;
import dev.handmade.audit.log.AuditLog;
import dev.handmade.audit.log.AuditLogContents;
import dev.handmade.audit.log.AuditLogUpdate;
import dev.handmade.audit.statement.LabourStatementCheck;
import dev.handmade.schema.AuditEvent;
import dev.handmade.storage.ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Checks the audit log's hash chain and the labour statements computed from it, naming what breaks them. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check the audit log's hash chain: every record against its chain hash, every file against the "
          + "file before it. Names each file or record that was removed, inserted, reordered, altered, "
          + "swapped or renamed. Prints the chain's head hash: keep it, and pass it back with --expect-head "
          + "to notice files cut off the end, which a chain alone cannot show.",
      "Then check every model version's labour statement (models/<version>/labour-statement.json and .md): "
          + "its figures are recomputed from the audit log up to the head it names, and each that differs is "
          + "named; a statement whose head the log no longer holds means the log was cut or rewritten.",
      "With --state FILE only the audit files committed since the checkpoint in FILE are read (created when absent; "
          + "the checkpoint the report keeps, so `report` and `verify` can share one): each must continue the chain "
          + "from the checkpoint's head, and the files read before must still be listed with the size and entity tag "
          + "they had. Their records are not read again, nor are labour statements checked: a verify without "
          + "--state does both.",
      "Exit status: 0 intact, 1 tampered or unreadable."
    })
final class VerifyCommand implements Callable<Integer> {

  @Option(
      names = "--expect-head",
      paramLabel = "HASH",
      description = "A head hash printed by an earlier verify: it must still be in the chain.")
  String expectHead;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description =
          "Checkpoint file of what was checked before: check only the audit files committed since.")
  Path state;

  @Mixin AuditOptions audit = new AuditOptions();

  @Override
  public Integer call() throws Exception {
    try (ObjectStoreOptions.Opened opened = audit.openStore()) {
      if (state != null) {
        return verifyFromCheckpoint(opened.store());
      }
      AuditLogContents log = AuditLog.read(opened.store());
      ChainVerification v = log.verification();
      System.out.printf(
          "%s: %d files, %d records, head %s%n", log.location(), v.files(), v.records(), v.head());
      boolean headFound =
          expectHead == null
              || v.head().equals(expectHead)
              || log.events().stream().map(AuditEvent::getChainHash).anyMatch(expectHead::equals);
      LabourStatementCheck.Result statements = LabourStatementCheck.check(opened.store(), log);
      System.out.printf(
          "labour statements: %d checked against the log%s%n",
          statements.checked().size(),
          statements.missing().isEmpty()
              ? ""
              : "; none yet for " + String.join(", ", statements.missing()));
      List<String> problems = new ArrayList<>(v.problems());
      problems.addAll(statements.problems());
      if (problems.isEmpty() && headFound) {
        System.out.println("intact");
        return 0;
      }
      problems.forEach(p -> System.out.println("BROKEN: " + p));
      if (!headFound) {
        System.out.println(
            "BROKEN: no record has the expected head hash "
                + expectHead
                + ": records were cut off the end of the chain, or it was rewritten");
      }
      return 1;
    }
  }

  /** The chain after the checkpoint; an expected head must end one of the files read, now or before. */
  private int verifyFromCheckpoint(ObjectStore store) {
    AuditLogUpdate update = IncrementalAudit.update(store, state);
    ChainVerification v = update.verification();
    System.out.printf(
        "%s: %d files, %d records, head %s%n",
        update.checkpoint().log(), v.files(), v.records(), v.head());
    System.out.println(
        "labour statements: not checked with --state (a verify without it checks them)");
    boolean headFound =
        expectHead == null
            || update.checkpoint().files().stream()
                .anyMatch(file -> file.hash().equals(expectHead));
    if (v.intact() && headFound) {
      System.out.println("intact");
      return 0;
    }
    v.problems().forEach(p -> System.out.println("BROKEN: " + p));
    if (!headFound) {
      System.out.println(
          "BROKEN: no file read ends at the expected head hash "
              + expectHead
              + ": records were cut off the end of the chain, or it was rewritten");
    }
    return 1;
  }
}
