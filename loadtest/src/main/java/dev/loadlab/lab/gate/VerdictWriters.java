package dev.loadlab.lab.gate;

import java.util.List;
import java.util.Locale;

/**
 * The gate's verdicts for people and CI systems: a console table, JUnit XML (one test case per verdict,
 * so CI shows each rule as a test), and markdown for a CI step summary. The JSON is {@link GateResult} itself.
 */
public final class VerdictWriters {

    private VerdictWriters() {
    }

    public static String console(GateResult result) {
        StringBuilder out = new StringBuilder();
        for (Verdict v : result.verdicts()) {
            out.append(String.format(Locale.ROOT, "%-5s %s%n", v.status(), v.name()));
            if (v.status() == Verdict.Status.ERROR || v.status() == Verdict.Status.SKIP) {
                out.append("      ").append(v.detail()).append(System.lineSeparator());
                continue;
            }
            out.append(String.format(Locale.ROOT, "      expected %s; measured %s; margin %s%n", v.expected(),
                    v.measured(), v.margin()));
            if (v.status() != Verdict.Status.PASS) {
                out.append("      ").append(v.detail()).append(System.lineSeparator());
            }
        }
        out.append(headline(result)).append(System.lineSeparator());
        return out.toString();
    }

    /** One line: the decision, the counts and, when it failed, the rules that broke. */
    public static String headline(GateResult result) {
        List<String> failed = result.verdicts().stream().filter(v -> v.status() == Verdict.Status.FAIL)
                .map(Verdict::name).toList();
        String counts = String.format(Locale.ROOT, "%d passed, %d failed, %d warned, %d skipped, %d not judged",
                result.count(Verdict.Status.PASS), result.count(Verdict.Status.FAIL),
                result.count(Verdict.Status.WARN), result.count(Verdict.Status.SKIP),
                result.count(Verdict.Status.ERROR));
        return switch (result.status()) {
            case "PASS" -> "gate: PASS (" + counts + ")";
            case "FAIL" -> "gate: FAIL, exit 1 (" + counts + "): " + String.join(", ", failed);
            default -> "gate: could not judge, exit 2 (" + counts + ")"
                    + (result.message() != null ? ": " + result.message() : "");
        };
    }

    public static String junitXml(GateResult result) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append(String.format(Locale.ROOT,
                "<testsuites name=\"loadlab performance gate\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.1f\">%n",
                result.verdicts().size(), result.count(Verdict.Status.FAIL), result.count(Verdict.Status.ERROR),
                result.count(Verdict.Status.SKIP), result.seconds()));
        xml.append(String.format(Locale.ROOT,
                "  <testsuite name=\"perf-gate\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.1f\">%n",
                result.verdicts().size(), result.count(Verdict.Status.FAIL), result.count(Verdict.Status.ERROR),
                result.count(Verdict.Status.SKIP), result.seconds()));
        xml.append("    <properties>\n");
        property(xml, "run", result.runDir());
        property(xml, "rules", result.rulesFile());
        property(xml, "baseline", result.baseline());
        xml.append("    </properties>\n");
        for (Verdict v : result.verdicts()) {
            xml.append("    <testcase classname=\"perf-gate.").append(escape(v.rule())).append("\" name=\"")
                    .append(escape(v.name())).append("\" time=\"0\">\n");
            String summary = "expected " + v.expected() + "; measured " + v.measured() + "; margin " + v.margin();
            switch (v.status()) {
                case FAIL -> xml.append("      <failure message=\"").append(escape(summary)).append("\" type=\"regression\">")
                        .append(escape(v.detail())).append("</failure>\n");
                case ERROR -> xml.append("      <error message=\"").append(escape(v.detail())).append("\" type=\"not-measurable\"/>\n");
                case SKIP -> xml.append("      <skipped message=\"").append(escape(v.detail())).append("\"/>\n");
                default -> { }
            }
            xml.append("      <system-out>").append(escape(v.status() + ": " + summary + "\n" + v.detail()))
                    .append("</system-out>\n");
            xml.append("    </testcase>\n");
        }
        xml.append("  </testsuite>\n</testsuites>\n");
        return xml.toString();
    }

    public static String markdown(GateResult result) {
        StringBuilder md = new StringBuilder();
        String icon = switch (result.status()) {
            case "PASS" -> "✅";
            case "FAIL" -> "❌";
            default -> "⚠️";
        };
        md.append("### ").append(icon).append(" Performance gate: ").append(result.status()).append("\n\n");
        md.append(headline(result)).append("\n\n");
        if (result.baseline() != null) {
            md.append("Baseline: ").append(result.baseline()).append("\n\n");
        }
        md.append("| | rule | expected | measured | margin |\n|---|---|---|---|---|\n");
        for (Verdict v : result.verdicts()) {
            md.append("| ").append(symbol(v.status())).append(" | `").append(cell(v.name())).append("` | ")
                    .append(cell(v.expected())).append(" | ")
                    .append(cell(v.status() == Verdict.Status.ERROR || v.status() == Verdict.Status.SKIP
                            ? v.detail() : v.measured()))
                    .append(" | ").append(cell(v.margin())).append(" |\n");
        }
        List<Verdict> notable = result.verdicts().stream()
                .filter(v -> v.status() == Verdict.Status.FAIL || v.status() == Verdict.Status.WARN).toList();
        if (!notable.isEmpty()) {
            md.append("\n<details><summary>How the failing and warning verdicts were measured</summary>\n\n");
            notable.forEach(v -> md.append("- `").append(v.name()).append("`: ").append(v.detail()).append("\n"));
            md.append("\n</details>\n");
        }
        md.append("\n").append(String.format(Locale.ROOT, "Run `%s`, rules `%s`, %.0f s.", result.runDir(),
                result.rulesFile(), result.seconds())).append(" Read a failure: docs/PERF-GATE.md.\n");
        return md.toString();
    }

    private static String symbol(Verdict.Status status) {
        return switch (status) {
            case PASS -> "✅";
            case FAIL -> "❌";
            case WARN -> "⚠️";
            case SKIP -> "⏭️";
            case ERROR -> "❗";
        };
    }

    private static void property(StringBuilder xml, String name, String value) {
        if (value != null) {
            xml.append("      <property name=\"").append(name).append("\" value=\"").append(escape(value)).append("\"/>\n");
        }
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
