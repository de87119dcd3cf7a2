package dev.handmade.infra.cli;

import dev.handmade.audit.AuditSnapshot;
import dev.handmade.audit.provenance.FrameProvenance;
import dev.handmade.audit.render.ReportJson;
import dev.handmade.audit.report.LabourInput;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Who or what decided a frame, and where its label went. */
@Command(
    name = "provenance",
    mixinStandardHelpOptions = true,
    description = {
      "Print a frame's provenance as JSON: its final decision, made by the machine (model version, confidence, "
          + "threshold) or by people (pseudonymous labellers, their answers, active time and pay), every feed "
          + "entry about it, and the model versions its label trained, directly and through descendants.",
      "Exit status: 0 found, 1 the audit log knows nothing of the frame."
    })
final class ProvenanceCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FRAME_ID", description = "The frame's id, e.g. sim-42-1017.")
  String frameId;

  @Mixin AuditOptions audit = new AuditOptions();

  @Override
  public Integer call() throws Exception {
    try (ObjectStoreOptions.Opened opened = audit.openStore()) {
      Optional<FrameProvenance> found =
          AuditSnapshot.read(opened.store(), LabourInput.none())
              .provenance(frameId, audit.pseudonyms());
      if (found.isEmpty()) {
        System.err.println("the audit log has nothing about frame " + frameId);
        return 1;
      }
      System.out.println(ReportJson.toJson(found.get()));
      return 0;
    }
  }
}
