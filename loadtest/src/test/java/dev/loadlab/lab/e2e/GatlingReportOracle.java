package dev.loadlab.lab.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test oracle only: reads one request row of Gatling's HTML statistics table. The lab itself never does
 * this; the test uses it to prove the lab's own recording agrees with Gatling's report of the same run.
 */
record GatlingReportOracle(long total, long ok, long ko, double min, double p50, double p75, double p95,
                           double p99, double max) {

    private static final Pattern CELL = Pattern.compile("<td class=\"value [a-z]+ col-(\\d+)\">([^<]*)</td>");

    static GatlingReportOracle read(Path indexHtml, String requestName) throws IOException {
        String html = Files.readString(indexHtml);
        int name = html.indexOf("class=\"ellipsed-name\">" + requestName + "</span>");
        if (name < 0) {
            throw new AssertionError("no row named " + requestName + " in " + indexHtml);
        }
        String row = html.substring(name, html.indexOf("</tr>", name));
        Map<Integer, String> cells = new HashMap<>();
        Matcher matcher = CELL.matcher(row);
        while (matcher.find()) {
            cells.put(Integer.parseInt(matcher.group(1)), matcher.group(2).trim());
        }
        return new GatlingReportOracle(count(cells.get(2)), count(cells.get(3)), count(cells.get(4)),
                number(cells.get(7)), number(cells.get(8)), number(cells.get(9)), number(cells.get(10)),
                number(cells.get(11)), number(cells.get(12)));
    }

    private static long count(String cell) {
        return "-".equals(cell) ? 0 : Long.parseLong(cell.replace(",", ""));
    }

    private static double number(String cell) {
        return "-".equals(cell) ? Double.NaN : Double.parseDouble(cell.replace(",", ""));
    }
}
