package dev.handmade.audit.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest {

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void theWholeReportReadsBackWithItsKeyFigures() throws Exception {
    JsonNode json = mapper.readTree(ReportJson.toJson(SampleReports.twoDays()));

    assertThat(json.get("generatedAt").asText()).isEqualTo("2026-11-29T09:00:00Z");
    assertThat(json.at("/sources/auditLog").asText()).isEqualTo(SampleReports.AUDIT_LOG);
    assertThat(json.at("/sources/firstEvent").asText()).isEqualTo("2026-11-27T08:00:04Z");
    assertThat(json.at("/chain/head").asText()).isEqualTo(SampleReports.HEAD);
    assertThat(json.at("/chain/intact").asBoolean()).isTrue();
    assertThat(json.at("/decisions/overall/machine").asLong()).isEqualTo(530);
    assertThat(json.at("/decisions/overall/total").asLong()).isEqualTo(670);
    assertThat(json.at("/decisions/overall/machineShare").asDouble())
        .isCloseTo(530.0 / 670, within(1e-12));
    assertThat(json.at("/decisions/overTime/bucket").asText()).isEqualTo("15 minutes");
    assertThat(json.at("/decisions/overTime/bucketSeconds").asLong()).isEqualTo(900);
    assertThat(json.at("/decisions/overTime/points")).hasSize(108);
    JsonNode first = json.at("/decisions/overTime/points/0");
    assertThat(first.get("start").asText()).isEqualTo("2026-11-27T08:00:00Z");
    assertThat(first.get("end").asText()).isEqualTo("2026-11-27T08:15:00Z");
    assertThat(first.get("people").asLong()).isEqualTo(10);
    assertThat(first.get("total").asLong()).isEqualTo(10);
    assertThat(first.get("machineShare").asDouble()).isZero();
    assertThat(first.get("verifiedLabelsSoFar").asLong()).isEqualTo(15);
    JsonNode night = json.at("/decisions/overTime/points/40");
    assertThat(night.get("total").asLong()).isZero();
    assertThat(night.get("machineShare").isNull()).as("no decisions, no share").isTrue();
    assertThat(json.at("/decisions/overTime/points/107/verifiedLabelsSoFar").asLong())
        .isEqualTo(300);
    assertThat(json.at("/decisions/byRoute/1/route").asText()).isEqualTo("CONFIDENT");
    assertThat(json.at("/accuracy/overall/successes").asLong()).isEqualTo(43);
    assertThat(json.at("/accuracy/overall/lower").asDouble()).isBetween(0.8, 43.0 / 46);
    assertThat(json.at("/accuracy/byVersion/2/upper").asDouble()).isCloseTo(1, within(1e-9));
    assertThat(json.at("/labour/floorHourlyCents").asLong()).isEqualTo(1200);
    assertThat(json.at("/labour/totals/paidCents").asLong()).isEqualTo(13_475);
    assertThat(json.at("/labour/topUps/0/labeller").asText()).isEqualTo(SampleReports.LABELLER_B);
    assertThat(json.get("versions")).hasSize(3);
    assertThat(json.at("/versions/0/parent").isNull()).isTrue();
    assertThat(json.at("/versions/2/createdAt").asText()).isEqualTo("2026-11-28T09:50:03Z");
    assertThat(json.at("/versions/2/total/costCents").asLong()).isEqualTo(9250);
  }

  @Test
  void aBrokenChainSaysSoAndListsItsProblems() throws Exception {
    JsonNode chain = mapper.readTree(ReportJson.toJson(SampleReports.brokenChain())).get("chain");

    assertThat(chain.get("intact").asBoolean()).isFalse();
    assertThat(chain.get("problems")).hasSize(2);
  }

  @Test
  void anEmptyReportKeepsItsMissingFiguresAsNulls() throws Exception {
    JsonNode json = mapper.readTree(ReportJson.toJson(SampleReports.empty()));

    assertThat(json.at("/sources/firstEvent").isNull()).isTrue();
    assertThat(json.at("/labour/wages/medianHourlyCents").isNull()).isTrue();
    assertThat(json.at("/decisions/overall/machineShare").asDouble()).isZero();
    assertThat(json.at("/decisions/overTime/points")).isEmpty();
    assertThat(json.get("versions")).isEmpty();
  }

  @Test
  void writesTheSameJsonToAFile(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("reports/audit-report.json");

    ReportJson.write(SampleReports.twoDays(), file);

    assertThat(Files.readString(file)).isEqualTo(ReportJson.toJson(SampleReports.twoDays()));
  }
}
