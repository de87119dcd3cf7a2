package dev.handmade.audit.render;

import com.github.mustachejava.Mustache;
import com.github.mustachejava.SpecMustacheFactory;
import com.github.mustachejava.util.HtmlEscaper;
import dev.handmade.audit.report.AuditReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The audit report as one self-contained HTML page that an auditor can open from disk or mail:
 * inline CSS and SVG charts, no scripts and nothing fetched. Each section opens with what its
 * figures mean, and a section without data says so in words instead of drawing an empty chart.
 *
 * <p>The page is {@code report.mustache} (with its partials {@code tiles} and {@code table}) filled
 * from a {@link ReportPage}, and {@code report.css} inlined; the template engine HTML-escapes every
 * value but the stylesheet and the charts' SVG.
 */
public final class ReportHtml {

  private static final String FOLDER = "dev/handmade/audit/render";

  /** The spec's factory: a partial alone on its line leaves no blank line behind. */
  private static final Mustache TEMPLATE =
      new SpecMustacheFactory(FOLDER).compile("report.mustache");

  private static final String CSS = resource("report.css");

  private ReportHtml() {}

  public static String render(AuditReport report) {
    StringWriter html = new StringWriter(64 * 1024);
    TEMPLATE.execute(html, ReportPage.of(report, CSS));
    return html.toString();
  }

  /** Writes the page to {@code file} in UTF-8, creating its folder. */
  public static void write(AuditReport report, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, render(report), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** {@code text} safe to place in HTML element content and in quoted attribute values. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    // the template engine's own escaping, so that the charts' labels read like the page's text
    StringWriter out = new StringWriter(text.length() + 16);
    HtmlEscaper.escape(text, out);
    return out.toString();
  }

  private static String resource(String name) {
    try (InputStream in = ReportHtml.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + FOLDER + "/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
