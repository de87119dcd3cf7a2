package dev.handmade.labelling.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.labelling.api.LabellerView;
import dev.handmade.labelling.api.LedgerView;
import dev.handmade.labelling.api.PayDaysView;
import dev.handmade.labelling.api.TaskStatus;
import dev.handmade.labelling.auth.Principal;
import dev.handmade.labelling.auth.Role;
import java.util.List;

/**
 * What an auditor sees of labellers: the audit report's pseudonyms (the same HMAC, the same key),
 * never a labeller id or a name. Every answer that names labellers goes through here when an
 * auditor asks, so no join of two endpoints can re-identify anyone.
 */
final class AuditorView {

  private static final List<String> FEED_LISTS = List.of("answers", "setAside");

  private final Pseudonyms pseudonyms;
  private final ObjectMapper mapper;

  AuditorView(Pseudonyms pseudonyms, ObjectMapper mapper) {
    this.pseudonyms = pseudonyms;
    this.mapper = mapper;
  }

  static boolean applies(Principal caller) {
    return caller.role() == Role.AUDITOR;
  }

  String pseudonym(String labellerId) {
    return pseudonyms.of(labellerId);
  }

  List<LabellerView> labellers(List<LabellerView> labellers) {
    return labellers.stream()
        .map(
            l ->
                new LabellerView(
                    pseudonym(l.labellerId()),
                    null,
                    l.answers(),
                    l.goldAnswers(),
                    l.goldCorrect(),
                    l.goldAccuracy(),
                    l.setAside()))
        .toList();
  }

  PayDaysView payDays(PayDaysView days) {
    return new PayDaysView(
        days.from(),
        days.to(),
        days.minimumHourlyCents(),
        days.currency(),
        days.days().stream()
            .map(
                r ->
                    new PayDaysView.Row(
                        pseudonym(r.labellerId()),
                        r.day(),
                        r.tasks(),
                        r.activeMillis(),
                        r.pieceCents(),
                        r.topUpCents(),
                        r.earningsCents(),
                        r.currency(),
                        r.pieceHourlyCents(),
                        r.effectiveHourlyCents(),
                        r.settled()))
            .toList());
  }

  LedgerView ledger(LedgerView ledger) {
    return new LedgerView(pseudonym(ledger.labellerId()), ledger.days(), ledger.entries());
  }

  TaskStatus task(TaskStatus task) {
    return new TaskStatus(
        task.taskId(),
        task.frameId(),
        task.kind(),
        task.priority(),
        task.requiredLabels(),
        task.state(),
        task.countedAnswers(),
        task.answers().stream()
            .map(
                a ->
                    new TaskStatus.AnswerInfo(
                        pseudonym(a.labellerId()),
                        a.answer(),
                        a.counted(),
                        a.setAsideReason(),
                        a.activeMillis()))
            .toList());
  }

  /** A feed page as served to the pipeline, with every answer's labeller replaced by their pseudonym. */
  String feedPage(String pageJson) {
    try {
      JsonNode page = mapper.readTree(pageJson);
      for (JsonNode entry : page.path("entries")) {
        for (String list : FEED_LISTS) {
          for (JsonNode answer : entry.path(list)) {
            if (answer instanceof ObjectNode a && a.hasNonNull("labellerId")) {
              a.put("labellerId", pseudonym(a.get("labellerId").asText()));
            }
          }
        }
      }
      return mapper.writeValueAsString(page);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a feed page is always valid JSON", e);
    }
  }
}
