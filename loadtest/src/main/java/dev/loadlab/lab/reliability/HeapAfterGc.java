package dev.loadlab.lab.reliability;

import dev.loadlab.lab.run.Jvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap in use right after a full GC: the live set, the one heap number that shows a leak (heap "used" at a random
 * instant mostly shows how long ago the last young collection was). Taken with the JDK's {@code jcmd}: one
 * {@code GC.run} (a System.gc(): a full, stop-the-world collection of a few tens of ms on a small heap, so sample
 * it seconds apart, not continuously) followed by {@code GC.heap_info}. Only for JVMs this lab started (the
 * attach mechanism needs the same user).
 */
public final class HeapAfterGc {

    private static final Pattern G1_USED = Pattern.compile("garbage-first heap\\s+total[^,]*,[^,]*,\\s*used (\\d+)K");
    private static final Pattern GENERATION_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private HeapAfterGc() {
    }

    /** MB in use after a full GC, or null when jcmd is missing, the process is gone or the output is unknown. */
    public static Double mb(long pid) {
        Path jcmd = Path.of(Jvm.java()).resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        Path commands = null;
        try {
            commands = Files.createTempFile("loadlab-jcmd", ".txt");
            Files.writeString(commands, "GC.run\nGC.heap_info\n");
            Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "-f", commands.toString())
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            Long kb = usedKb(out);
            return kb == null ? null : kb / 1024.0;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (commands != null) {
                try {
                    Files.deleteIfExists(commands);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /**
     * The heap's used KB in {@code GC.heap_info} output: G1's one heap line, else the top-level generations added up
     * (Serial, Parallel); null for collectors that print neither (ZGC, Shenandoah).
     */
    static Long usedKb(String heapInfo) {
        Matcher g1 = G1_USED.matcher(heapInfo);
        if (g1.find()) {
            return Long.parseLong(g1.group(1));
        }
        long sum = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher m = GENERATION_USED.matcher(line);
            if (m.find() && !line.startsWith("   ")) {
                sum += Long.parseLong(m.group(1));
                found = true;
            }
        }
        return found ? sum : null;
    }
}
