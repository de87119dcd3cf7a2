package dev.handmade.audit.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.handmade.audit.report.AuditReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCsvTest {

  @TempDir Path folder;

  @Test
  void writesOneFilePerTable() {
    List<Path> files = ReportCsv.write(SampleReports.twoDays(), folder);

    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .containsExactly(
            ReportCsv.DECISIONS,
            ReportCsv.OVER_TIME,
            ReportCsv.ROUTES,
            ReportCsv.ACCURACY,
            ReportCsv.LABOUR_BY_DAY,
            ReportCsv.LABOUR_BY_LABELLER,
            ReportCsv.TOP_UPS,
            ReportCsv.VERSIONS);
    assertThat(files).allSatisfy(f -> assertThat(f).isRegularFile());
  }

  @Test
  void decisionSharesAddUpUnderEveryDimension() throws IOException {
    ReportCsv.write(SampleReports.twoDays(), folder);
    List<List<String>> rows = read(ReportCsv.DECISIONS);

    assertThat(rows.get(0))
        .containsExactly("dimension", "key", "machine", "people", "total", "machine_share");
    assertThat(rows).hasSize(1 + 1 + 4 + 4 + 2 + 3);
    assertThat(rows.get(1)).containsExactly("overall", "all", "530", "140", "670", "0.791045");
    Map<String, Long> machineByDimension =
        rows.subList(1, rows.size()).stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.get(0), Collectors.summingLong(r -> Long.parseLong(r.get(2)))));
    assertThat(machineByDimension)
        .containsOnlyKeys("overall", "version", "class", "source", "vehicle");
    assertThat(machineByDimension.values()).containsOnly(530L);
    assertThat(rows.subList(1, rows.size()))
        .allSatisfy(
            r ->
                assertThat(Long.parseLong(r.get(2)) + Long.parseLong(r.get(3)))
                    .isEqualTo(Long.parseLong(r.get(4))));
  }

  @Test
  void overTimeHasEveryBucketWithItsLabelsSoFar() throws IOException {
    ReportCsv.write(SampleReports.twoDays(), folder);
    List<List<String>> rows = read(ReportCsv.OVER_TIME);

    assertThat(rows.get(0))
        .containsExactly(
            "bucket",
            "start",
            "end",
            "machine",
            "people",
            "total",
            "machine_share",
            "verified_labels",
            "verified_labels_so_far");
    assertThat(rows).hasSize(1 + 108);
    assertThat(rows.get(6))
        .containsExactly(
            "15 minutes",
            "2026-11-27T09:15:00Z",
            "2026-11-27T09:30:00Z",
            "15",
            "8",
            "23",
            "0.652174",
            "14",
            "88");
    assertThat(rows.get(20))
        .as("a night bucket: no decisions, so no share")
        .containsExactly(
            "15 minutes",
            "2026-11-27T12:45:00Z",
            "2026-11-27T13:00:00Z",
            "0",
            "0",
            "0",
            "",
            "0",
            "160");
    assertThat(sum(rows, r -> true, 3)).isEqualTo(530);
    assertThat(sum(rows, r -> true, 4)).isEqualTo(140);
    assertThat(rows.get(rows.size() - 1).get(8)).isEqualTo("300");
  }

  @Test
  void quotesFieldsWithCommasAndQuotesAndEndsLinesWithCrLf() throws IOException {
    ReportCsv.write(SampleReports.twoDays(), folder);
    String text = Files.readString(folder.resolve(ReportCsv.DECISIONS));

    assertThat(text)
        .contains("vehicle,\"kitti 2011_09_26, drive \"\"0005\"\"\",130,40,170,")
        .endsWith("\r\n");
    assertThat(text.replace("\r\n", "")).doesNotContain("\n", "\r");
    assertThat(read(ReportCsv.DECISIONS))
        .anySatisfy(r -> assertThat(r.get(1)).isEqualTo(SampleReports.QUOTED_VEHICLE));
    ReportCsv.Table table = new ReportCsv.Table("a", "b");
    table.row("two\nlines", "plain");
    assertThat(table.toCsv()).isEqualTo("a,b\r\n\"two\nlines\",plain\r\n");
  }

  @Test
  void numbersArePlainDecimalsAndMissingFiguresAreEmpty() {
    assertThat(ReportCsv.text(1.0e-7)).isEqualTo("0");
    assertThat(ReportCsv.text(0.000123)).isEqualTo("0.000123");
    assertThat(ReportCsv.text(2.0 / 3)).isEqualTo("0.666667");
    assertThat(ReportCsv.text(1.0)).isEqualTo("1");
    assertThat(ReportCsv.text(Double.NaN)).isEmpty();
    assertThat(ReportCsv.text(null)).isEmpty();
    assertThat(ReportCsv.text(12_825L)).isEqualTo("12825");
  }

  @Test
  void accuracyRowsCarryTheirIntervalsAndAddUpPerVersion() throws IOException {
    ReportCsv.write(SampleReports.twoDays(), folder);
    List<List<String>> rows = read(ReportCsv.ACCURACY);

    assertThat(rows.get(0))
        .containsExactly(
            "measure",
            "dimension",
            "key",
            "n",
            "count",
            "estimate",
            "lower95",
            "upper95",
            "wrong_labels",
            "assumption");
    assertThat(rows).hasSize(1 + 2 * (1 + 3 + 4) + 1 + 3);
    List<String> overall = rows.get(1);
    assertThat(overall.subList(0, 5)).containsExactly("accuracy", "overall", "all", "46", "43");
    double estimate = Double.parseDouble(overall.get(5));
    assertThat(estimate).isCloseTo(43.0 / 46, within(1e-6));
    assertThat(Double.parseDouble(overall.get(6))).isLessThan(estimate);
    assertThat(Double.parseDouble(overall.get(7))).isGreaterThan(estimate);
    assertThat(sum(rows, r -> r.get(0).equals("accuracy") && r.get(1).equals("version"), 4))
        .isEqualTo(43);
    assertThat(overall.get(9)).isEqualTo(AuditReport.MachineAccuracy.AS_VERIFIED);
    List<String> truth =
        rows.stream()
            .filter(r -> r.get(0).equals("accuracy_against_truth"))
            .findFirst()
            .orElseThrow();
    assertThat(truth.subList(0, 5))
        .containsExactly("accuracy_against_truth", "overall", "all", "46", "43");
    assertThat(Double.parseDouble(truth.get(6)))
        .isCloseTo(Double.parseDouble(overall.get(6)) - 0.04, within(1e-5));
    assertThat(Double.parseDouble(truth.get(7))).as("0.977572 + 0.04, within [0, 1]").isEqualTo(1);
    assertThat(truth.get(8)).isEqualTo("0.04");
    assertThat(truth.get(9))
        .isEqualTo("people's errors allowed for by gold accuracy and consensus disagreement");
    assertThat(sum(rows, r -> r.get(0).equals("disagreement") && r.get(1).equals("version"), 3))
        .isEqualTo(100);
  }

  @Test
  void labourTablesAddUpToTheLedgerTotals() throws IOException {
    ReportCsv.write(SampleReports.twoDays(), folder);

    List<List<String>> days = read(ReportCsv.LABOUR_BY_DAY);
    assertThat(days).hasSize(3);
    assertThat(sum(days, r -> true, days.get(0).indexOf("paid_cents"))).isEqualTo(13_475);
    assertThat(days.get(1)).contains("EUR", "4.5", "1400", "0.333333");

    List<List<String>> labellers = read(ReportCsv.LABOUR_BY_LABELLER);
    assertThat(labellers).hasSize(4);
    assertThat(sum(labellers, r -> true, labellers.get(0).indexOf("tasks"))).isEqualTo(300);
    assertThat(labellers)
        .extracting(r -> r.get(0))
        .containsExactly(
            "labeller",
            SampleReports.LABELLER_A,
            SampleReports.LABELLER_B,
            SampleReports.LABELLER_C);

    List<List<String>> topUps = read(ReportCsv.TOP_UPS);
    assertThat(topUps).hasSize(3);
    assertThat(sum(topUps, r -> true, topUps.get(0).indexOf("top_up_cents"))).isEqualTo(650);
  }

  @Test
  void versionLabourHasDirectAndTotalColumns() throws IOException {
    ReportCsv.write(SampleReports.twoDays(), folder);
    List<List<String>> rows = read(ReportCsv.VERSIONS);

    assertThat(rows).hasSize(4);
    List<String> header = rows.get(0);
    List<String> v2 = rows.get(2);
    assertThat(v2.get(header.indexOf("parent"))).isEqualTo("v1");
    assertThat(v2.get(header.indexOf("created_at"))).isEqualTo("2026-11-27T23:02:40Z");
    assertThat(v2.get(header.indexOf("direct_active_hours"))).isEqualTo("3.1");
    assertThat(v2.get(header.indexOf("total_cost_cents"))).isEqualTo("6100");
    assertThat(rows.get(1).get(header.indexOf("parent"))).isEmpty();
  }

  @Test
  void anEmptyReportWritesHeadersOnly() throws IOException {
    ReportCsv.write(SampleReports.empty(), folder);

    assertThat(read(ReportCsv.DECISIONS)).hasSize(2);
    for (String table :
        List.of(
            ReportCsv.OVER_TIME,
            ReportCsv.ROUTES,
            ReportCsv.LABOUR_BY_DAY,
            ReportCsv.LABOUR_BY_LABELLER,
            ReportCsv.TOP_UPS,
            ReportCsv.VERSIONS)) {
      assertThat(read(table)).as(table).hasSize(1);
    }
    assertThat(read(ReportCsv.ACCURACY)).as("the overall rows, with n = 0").hasSize(4);
  }

  private static long sum(List<List<String>> rows, Predicate<List<String>> which, int column) {
    return rows.subList(1, rows.size()).stream()
        .filter(which)
        .mapToLong(r -> Long.parseLong(r.get(column)))
        .sum();
  }

  /** An RFC 4180 reader, independent of the writer under test. */
  private List<List<String>> read(String table) throws IOException {
    String text = Files.readString(folder.resolve(table));
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        field.append(c);
      }
    }
    assertThat(row).as("the file ends with a line end").isEmpty();
    int columns = rows.get(0).size();
    assertThat(rows).as(table + " rows").allSatisfy(r -> assertThat(r).hasSize(columns));
    return rows;
  }
}
