package dev.handmade.audit.statement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.audit.log.AuditLogContents;
import dev.handmade.audit.statement.LabourStatement.LabellerDay;
import dev.handmade.audit.statement.LabourStatementBuilder.IncompleteLogException;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.ModelVersion;
import dev.handmade.storage.ObjectNotFoundException;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.registry.CorruptModelException;
import dev.handmade.storage.registry.ModelRegistry;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Checks every version's labour statement against the audit log: the log must still hold the
 * head the statement names, and recomputing the statement from the log up to that head, the
 * registry's records and the ledger rows the statement quotes must give the statement again,
 * figure by figure; its Markdown page must be the one the JSON renders. So an edited statement,
 * an edited page, and a log rewritten or cut below a statement's head are all caught. The
 * ledger rows themselves (tasks, top-up, settled) are quoted, not recomputed: the log does not
 * hold them.
 */
public final class LabourStatementCheck {

  /**
   * @param checked the versions whose statements were checked
   * @param missing the versions that have no statement (yet): a version is stated shortly after
   *     it is published, so the newest may lack one
   * @param problems what does not match, each naming the version and the figure
   */
  public record Result(List<String> checked, List<String> missing, List<String> problems) {

    public Result {
      checked = List.copyOf(checked);
      missing = List.copyOf(missing);
      problems = List.copyOf(problems);
    }
  }

  private LabourStatementCheck() {}

  public static Result check(ObjectStore store, AuditLogContents log) {
    Map<String, ModelVersion> versions = new LinkedHashMap<>();
    try {
      new ModelRegistry(store).list().forEach(v -> versions.put(v.getVersion(), v));
    } catch (CorruptModelException e) {
      return new Result(
          List.of(),
          List.of(),
          List.of("the labour statements cannot be checked: " + e.getMessage()));
    }
    Map<String, Integer> positions = new LinkedHashMap<>();
    List<AuditEvent> events = log.events();
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).getChainHash() != null) {
        positions.putIfAbsent(events.get(i).getChainHash(), i);
      }
    }
    List<String> checked = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String version : versions.keySet()) {
      Optional<LabourStatement> read;
      try {
        read = LabourStatements.read(store, version);
      } catch (UncheckedIOException e) {
        problems.add(e.getMessage());
        continue;
      }
      if (read.isEmpty()) {
        missing.add(version);
        continue;
      }
      checked.add(version);
      problems.addAll(check(store, read.get(), version, versions, events, positions));
    }
    return new Result(checked, missing, problems);
  }

  private static List<String> check(
      ObjectStore store,
      LabourStatement stated,
      String version,
      Map<String, ModelVersion> versions,
      List<AuditEvent> events,
      Map<String, Integer> positions) {
    String name = "the labour statement of " + version;
    List<String> problems = new ArrayList<>();
    if (!version.equals(stated.version())) {
      problems.add(name + " names version " + stated.version());
      return problems;
    }
    Integer last = positions.get(stated.auditLog().hash());
    if (last == null) {
      problems.add(
          name
              + " was computed from the audit log up to chain hash "
              + stated.auditLog().hash()
              + " ("
              + stated.auditLog().file()
              + "), which the log no longer holds: records were cut off the end"
              + " of the chain, or it was rewritten");
      return problems;
    }
    if (last + 1 != stated.auditLog().records()) {
      problems.add(
          name
              + " counts "
              + stated.auditLog().records()
              + " records up to its head, the log holds "
              + (last + 1)
              + " up to it");
    }
    Map<String, LabellerDay> ledger = new LinkedHashMap<>();
    stated
        .labellerDays()
        .forEach(d -> ledger.put(LabourStatementBuilder.dayKey(d.labeller(), d.day()), d));
    LabourStatement recomputed;
    try {
      recomputed =
          LabourStatementBuilder.build(
              version,
              events.subList(0, last + 1),
              stated.auditLog(),
              versions,
              stated.ledger(),
              ledger,
              stated.computedAt(),
              stated.supersededBy());
    } catch (IncompleteLogException e) {
      problems.add(name + " cannot be recomputed: " + e.getMessage());
      return problems;
    }
    differences(stated.toTree(), recomputed.toTree(), "", problems, name);
    try {
      String page =
          new String(store.getBytes(LabourStatements.markdownKey(version)), StandardCharsets.UTF_8);
      if (!page.equals(LabourStatementMarkdown.render(stated))) {
        problems.add(
            LabourStatements.markdownKey(version)
                + " is not the page its statement renders: it was"
                + " edited");
      }
    } catch (ObjectNotFoundException e) {
      problems.add(LabourStatements.markdownKey(version) + " is missing");
    }
    return problems;
  }

  /** Every path where the stated tree differs from the recomputed one, with both values. */
  private static void differences(
      JsonNode stated, JsonNode recomputed, String path, List<String> out, String name) {
    if (stated.isObject() && recomputed.isObject()) {
      TreeSet<String> fields = new TreeSet<>();
      stated.fieldNames().forEachRemaining(fields::add);
      recomputed.fieldNames().forEachRemaining(fields::add);
      for (String field : fields) {
        differences(
            stated.path(field),
            recomputed.path(field),
            path.isEmpty() ? field : path + "." + field,
            out,
            name);
      }
    } else if (stated.isArray() && recomputed.isArray() && stated.size() == recomputed.size()) {
      Iterator<JsonNode> a = stated.elements();
      Iterator<JsonNode> b = recomputed.elements();
      for (int i = 0; a.hasNext(); i++) {
        differences(a.next(), b.next(), path + "[" + i + "]", out, name);
      }
    } else if (!stated.equals(recomputed)) {
      out.add(
          name
              + ": "
              + path
              + " says "
              + brief(stated)
              + ", the audit log up to its head gives "
              + brief(recomputed));
    }
  }

  private static String brief(JsonNode node) {
    String text = node.isMissingNode() ? "nothing" : node.toString();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
