package dev.loadlab.lab.report;

import java.awt.Color;
import java.util.Base64;
import java.util.List;

/**
 * The page shell shared by reports and comparisons: one self-contained file. Charts are PNG data URIs,
 * styles are inline, and a Content-Security-Policy forbids loading anything from anywhere, so the page
 * opens offline and cannot call out. A tiny inline script records, on load, any image that failed to
 * decode and any script error as attributes of {@code <body>} (the headless-browser test reads them).
 */
final class Html {

    private static final String CSS = """
            :root{color-scheme:light}
            body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;margin:0;
              color:#1d1f23;background:#f4f5f7}
            main{max-width:1800px;margin:0 auto;padding:20px 28px 40px}
            h1{font-size:24px;margin:0 0 2px}
            h2{font-size:19px;margin:30px 0 10px;padding-bottom:4px;border-bottom:1px solid #d9dce1}
            .sub{color:#4d5560;font-size:14px}
            .incomplete{background:#fdecea;border:2px solid #b3261e;color:#8c1d18;padding:12px 16px;font-size:18px;
              font-weight:700;border-radius:6px;margin:16px 0}
            .headline{background:#fff;border-left:6px solid #009e73;padding:14px 20px;font-size:19px;line-height:1.5;
              border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.08);margin:16px 0}
            .note{color:#4d5560;font-size:14px;margin:6px 0}
            .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(620px,1fr));gap:18px}
            figure{background:#fff;margin:0;padding:12px 14px;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
            figure img{width:100%;height:auto;display:block}
            figcaption{font-size:14px;color:#3c434d;margin-top:8px}
            figcaption a{color:#0060a0;margin-right:8px}
            .scroll{display:inline-block;max-width:100%;vertical-align:top;overflow-x:auto;background:#fff;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
            table{border-collapse:collapse;font-size:13.5px;font-variant-numeric:tabular-nums}
            th,td{padding:5px 10px;border-bottom:1px solid #e6e8eb;text-align:right;white-space:nowrap}
            th{background:#eceff3;font-weight:600}
            th.l,td.l{text-align:left}
            td.wrap{white-space:normal;max-width:640px;word-break:break-word}
            tr:hover td{background:#f7f9fb}
            .sw{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:6px;vertical-align:-1px}
            .better{background:#e2f3e8;color:#0f6630;font-weight:600}
            .worse{background:#fbe3df;color:#9c2318;font-weight:600}
            .neutral{color:#6b7280}
            .legend span{margin-right:16px}
            a{color:#0060a0}
            footer{margin-top:32px;color:#6b7280;font-size:13px}
            """;

    private static final String CHECK_SCRIPT = """
            (function(){
              var errors=[];
              window.addEventListener('error',function(e){
                errors.push(String(e.message||(e.target&&(e.target.currentSrc||e.target.src||e.target.href))||'error').slice(0,120));
              },true);
              window.addEventListener('load',function(){
                var broken=[];
                for(var i=0;i<document.images.length;i++){
                  var img=document.images[i];
                  if(!img.complete||img.naturalWidth===0){broken.push(img.alt||('image '+i));}
                }
                var b=document.body;
                b.setAttribute('data-images',String(document.images.length));
                b.setAttribute('data-broken-images',broken.join('|'));
                b.setAttribute('data-script-errors',errors.join('|'));
                b.setAttribute('data-checked','true');
              });
            })();
            """;

    private Html() {
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:;"
                + " style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
                + "<title>" + esc(title) + "</title>\n<style>\n" + CSS + "</style>\n<script>\n" + CHECK_SCRIPT
                + "</script>\n</head>\n<body>\n<main>\n" + body + "</main>\n</body>\n</html>\n";
    }

    static String esc(String text) {
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
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String pngImg(byte[] png, String alt) {
        return "<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\" alt=\""
                + esc(alt) + "\" width=\"" + Charts.WIDTH + "\" height=\"" + Charts.HEIGHT + "\">";
    }

    static String swatch(Color colour) {
        return "<span class=\"sw\" style=\"background:" + Palette.hex(colour) + "\"></span>";
    }

    /** A table; header and cell strings are HTML already. Header cells starting with "l:" are left-aligned. */
    static String table(List<String> headers, List<List<String>> rows) {
        StringBuilder out = new StringBuilder("<div class=\"scroll\"><table>\n<thead><tr>");
        for (String h : headers) {
            boolean left = h.startsWith("l:");
            out.append(left ? "<th class=\"l\">" : "<th>").append(left ? h.substring(2) : h).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                if (cell.startsWith("<td")) {
                    out.append(cell);
                } else {
                    boolean left = i < headers.size() && headers.get(i).startsWith("l:");
                    out.append(left ? "<td class=\"l\">" : "<td>").append(cell).append("</td>");
                }
            }
            out.append("</tr>\n");
        }
        return out.append("</tbody>\n</table></div>\n").toString();
    }

    /** A two-column key/value table; values are HTML already. */
    static String keyValues(List<String[]> rows) {
        return table(List.of("l:", "l:"), rows.stream().map(r -> List.of("<td class=\"l\"><b>" + esc(r[0])
                + "</b></td>", "<td class=\"l wrap\">" + r[1] + "</td>")).toList())
                .replace("<thead><tr><th class=\"l\"></th><th class=\"l\"></th></tr></thead>\n", "");
    }
}
