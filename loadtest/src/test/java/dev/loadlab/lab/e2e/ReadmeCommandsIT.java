package dev.loadlab.lab.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the commands that README.md, service/README.md and stub-upstreams/README.md show, as written, from the
 * checkout, so a README edit that breaks one fails {@code ./mvnw verify}. Each command is one test, named by its file,
 * line and text, and prints one line (ok, exempt or FAILED, and its time); its output is kept in
 * {@code loadtest/target/readme-commands/}.
 *
 * <p>What a README's fenced code blocks mean (a block without a language tag fails the test):
 * <ul>
 * <li>{@code sh}: commands, one a line ({@code \} at the end continues it, {@code # } starts a comment). A
 *     {@code #   } line (hash, three spaces) right after a command is a line that command prints.</li>
 * <li>{@code console}: a session: each {@code $ } line is a command, and the lines under it, up to the next
 *     {@code $ }, are all it prints; {@code ...} (or {@code ...words...}) stands for any text, whitespace is not
 *     compared.</li>
 * <li>{@code text}, {@code java}, {@code json}, {@code yaml}: not commands, not run.</li>
 * </ul>
 *
 * <p>How they run. Each README is a session of its own. First the commands that start the processes the others
 * use ({@link #SERVERS}: stubs and service), in the background, each until the ready line the README shows under
 * it appears: a section may use a process that a later section starts (the Gatling section uses the service of
 * "The service and the stubs by hand"). Then every other command in document order, with bash from the checkout:
 * it must exit 0 and print what the README says. Last, the processes must still be running; they are stopped.
 * Commands that change the environment ({@code export}, {@code .}, {@code source}) change it for the later ones.
 *
 * <p>What is changed, and why:
 * <ul>
 * <li>{@link #EXEMPT}: commands not run, each with its reason (full-scale runs, builds).</li>
 * <li>{@link #QUICK}: literal substitutions that make a run take seconds (tiny levels, short windows, results
 *     under {@code target/}). An exemption or substitution that no longer matches a command fails the test.</li>
 * <li>Ports: a process the README starts on a fixed port ({@code --port 8089}) gets a free port instead; one
 *     started on port 0 binds any. Either way the README's number (the fixed port, or the one in the ready line it
 *     shows, e.g. 41083) is replaced by the real port in every later command and expected output of that README,
 *     and so are the {@link #PORT_ALIASES}.</li>
 * <li>Sun times: the service converts them to local time for today's date, so a time shown (November, standard
 *     time) also matches one hour later (daylight saving time).</li>
 * <li>Maven runs in batch mode ({@code MAVEN_ARGS=-B}) with the local repository of the build running this test;
 *     the JDK is the one running this test.</li>
 * </ul>
 * A Gatling run must also report requests and no failed (KO) one.
 */
class ReadmeCommandsIT {

    static final List<String> READMES = List.of("README.md", "service/README.md", "stub-upstreams/README.md",
            "examples/quote/README.md", "docs/SCENARIOS.md");

    private static final String BUILT = "a build: ./mvnw verify, which runs this test, has just built every jar;"
            + " building here would rewrite the jars of the processes this test started";

    /** Commands not run: file, the command as written (without its trailing comment), why. */
    static final List<Exemption> EXEMPT = List.of(
            new Exemption("README.md", "./lab compare",
                    "the full sweep takes ~6 min; LabCompareIT runs compare end to end at tiny scale"),
            new Exemption("README.md", "./mvnw verify", "the tests: this test runs inside ./mvnw verify"),
            new Exemption("README.md", "./lab compare --name reference",
                    "the reference run (~6 min), made and committed by whoever owns results/reference"),
            new Exemption("README.md", "./mvnw -DskipTests package", BUILT),
            new Exemption("service/README.md", "./mvnw -q -B -pl service verify",
                    "the service's tests: ./mvnw verify, which runs this test, has just run them"),
            new Exemption("service/README.md", "./mvnw -q -B -pl stub-upstreams -DskipTests package", BUILT),
            new Exemption("stub-upstreams/README.md", "./mvnw -q -pl stub-upstreams package",
                    BUILT + " (and run the module's tests)"),
            new Exemption("examples/quote/README.md", "./mvnw -q -B -pl examples/quote verify",
                    "the example's tests: ./mvnw verify, which runs this test, has just run them"));

    private static final String QUICK_SCENARIO = "--scenario examples/quote/scenario.yaml --levels 4 --rates none"
            + " --warmup 1s --measure 2s --system-warmup 0s --results loadtest/target/readme-commands/results";

    /** Literal substitutions that keep runs short: file, text in a command, replacement, why. */
    static final List<Substitution> QUICK = List.of(
            new Substitution("README.md", "-Dloadlab.levels=16,64,256 -Dloadlab.warmup=3s -Dloadlab.measure=10s",
                    "-Dloadlab.levels=16 -Dloadlab.warmup=1s -Dloadlab.measure=2s",
                    "one level, 1 s + 2 s, instead of three levels of 3 s + 10 s"),
            new Substitution("README.md", "-Dloadlab.rates=100,400",
                    "-Dloadlab.rates=16 -Dloadlab.warmup=1s -Dloadlab.measure=2s",
                    "one rate of 16 req/s, 1 s + 2 s, instead of two (100 and 400 req/s) of 3 s + 10 s (the defaults)"),
            new Substitution("README.md", "dev.loadlab.simulations.SmokeSimulation",
                    "dev.loadlab.simulations.SmokeSimulation -Dloadlab.measure=2s -Dloadlab.smokeP99Ms=10000",
                    "2 s instead of the default 10 s; p99 bound 10 s instead of 2 s: a smoke run has no warm-up, and"
                            + " on a busy 2-core CI machine its first requests took over 2 s (2,065 ms seen);"
                            + " SmokeSimulationIT checks the assertions themselves"),
            new Substitution("README.md", "./lab compare --target",
                    "./lab compare --levels 16 --rates none --warmup 1s --measure 2s --system-warmup 0s"
                            + " --results loadtest/target/readme-commands/results --target",
                    "one level, no rate, 1 s + 2 s, no system warm-up, results under target/ (defaults: four levels,"
                            + " two rates, 3 s + 8 s, 5 s, results/)"),
            new Substitution("README.md", "--scenario examples/quote/scenario.yaml --quick", QUICK_SCENARIO,
                    "one level, no rate, 1 s + 2 s, no system warm-up, results under target/ (quick: two levels, one"
                            + " rate, 1 s + 3 s, 2 s, results/)"),
            new Substitution("docs/SCENARIOS.md", "--scenario examples/quote/scenario.yaml --quick", QUICK_SCENARIO,
                    "as in README.md"));


    /** Ports a README uses for a process it starts under another number. */
    static final List<PortAlias> PORT_ALIASES = List.of(
            new PortAlias("README.md", 8080, 44159, "the Gatling and --target commands expect the service on 8080"),
            new PortAlias("README.md", 9000, 44159, "--target mine: a second service; here the same one"));

    /** Commands that start a process the README's other commands use: run first, in the background. */
    static final List<Pattern> SERVERS = List.of(
            Pattern.compile("^java\\s.*-jar\\s+stub-upstreams/target/stub-upstreams\\.jar", Pattern.DOTALL),
            Pattern.compile("^java\\s.*-jar\\s+service/target/service\\.jar", Pattern.DOTALL),
            Pattern.compile("^\\./lab\\s+stubs\\b"));

    private static final Set<String> NOT_RUN = Set.of("text", "java", "json", "yaml");
    private static final long COMMAND_TIMEOUT_S = 180;
    private static final long READY_TIMEOUT_S = 60;

    private static final Path HOME = Path.of(System.getProperty("loadlab.home", "..")).toAbsolutePath().normalize();
    private static final Path LOGS = HOME.resolve("loadtest/target/readme-commands");
    private static final List<Session> SESSIONS = new ArrayList<>();

    @TestFactory
    Stream<DynamicNode> readme_commands_run_as_written() throws IOException {
        Files.createDirectories(LOGS);
        List<DynamicNode> files = new ArrayList<>();
        for (String file : READMES) {
            Readme readme = Readme.parse(file, Files.readAllLines(HOME.resolve(file), StandardCharsets.UTF_8));
            Session session = new Session(file);
            SESSIONS.add(session);
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(dynamicTest(file + ": code blocks tagged, exemptions and substitutions current", () -> {
                List<String> problems = new ArrayList<>(readme.problems());
                problems.addAll(stale(readme));
                assertTrue(problems.isEmpty(), String.join("\n", problems));
            }));
            readme.commands().stream().filter(ReadmeCommandsIT::isServer)
                    .forEach(c -> tests.add(dynamicTest(c.name(), () -> report(c, () -> session.start(c)))));
            readme.commands().stream().filter(c -> !isServer(c))
                    .forEach(c -> tests.add(dynamicTest(c.name(), () -> report(c, () -> session.run(c)))));
            tests.add(dynamicTest(file + ": the processes it started still run, and stop", session::stop));
            files.add(dynamicContainer(file, tests));
        }
        return files.stream();
    }

    @AfterAll
    static void stopEverything() {
        SESSIONS.forEach(Session::kill);
    }

    private static boolean isServer(Command c) {
        return exemption(c) == null && SERVERS.stream().anyMatch(p -> p.matcher(c.text()).find());
    }

    private static Exemption exemption(Command c) {
        return EXEMPT.stream().filter(e -> e.file().equals(c.file()) && e.command().equals(c.withoutComment()))
                .findFirst().orElse(null);
    }

    private static List<String> stale(Readme readme) {
        List<String> stale = new ArrayList<>();
        EXEMPT.stream().filter(e -> e.file().equals(readme.file()))
                .filter(e -> readme.commands().stream().noneMatch(c -> e.command().equals(c.withoutComment())))
                .forEach(e -> stale.add("exemption matches no command (update EXEMPT): " + e.command()));
        QUICK.stream().filter(s -> s.file().equals(readme.file()))
                .filter(s -> readme.commands().stream().noneMatch(c -> c.text().contains(s.text())))
                .forEach(s -> stale.add("substitution matches no command (update QUICK): " + s.text()));
        return stale;
    }

    /** Runs one command's check and prints its one-line report. */
    private static void report(Command c, Check check) throws Exception {
        Exemption exempt = exemption(c);
        if (exempt != null) {
            System.out.printf("[readme] %-32s exempt   %s  (%s)%n", c.where(), c.firstLine(), exempt.reason());
            Assumptions.abort("exempt: " + exempt.reason());
        }
        long start = System.nanoTime();
        String outcome = "FAILED";
        try {
            check.run();
            outcome = "ok";
        } finally {
            System.out.printf("[readme] %-32s %-6s %5.1f s  %s%n", c.where(), outcome,
                    (System.nanoTime() - start) / 1e9, c.firstLine());
        }
    }

    interface Check {
        void run() throws Exception;
    }

    record Exemption(String file, String command, String reason) {}

    record Substitution(String file, String text, String replacement, String why) {}

    record PortAlias(String file, int port, int sameAs, String why) {}

    /** One command of a README: where it is, its text as written (continuation lines included), what it prints. */
    record Command(String file, int line, String text, List<String> expected, boolean console) {

        String where() {
            return file + ":" + line;
        }

        String firstLine() {
            String first = text.lines().findFirst().orElse("");
            return text.contains("\n") ? first.replaceAll("\\s*\\\\$", "") + " ..." : first;
        }

        String name() {
            String first = firstLine();
            return where() + "  " + (first.length() > 120 ? first.substring(0, 117) + "..." : first);
        }

        /** The command without a trailing shell comment (one without quotes in it). */
        String withoutComment() {
            return text.replaceAll("\\s+#[^'\"\\n]*$", "").strip();
        }
    }

    /** The commands of one README's fenced code blocks, and what is wrong with its blocks. */
    record Readme(String file, List<Command> commands, List<String> problems) {

        private static final Pattern FENCE = Pattern.compile("^(```+|~~~+)\\s*([\\w-]*)\\s*$");

        static Readme parse(String file, List<String> lines) {
            List<Command> commands = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                Matcher open = FENCE.matcher(lines.get(i));
                if (!open.matches()) {
                    continue;
                }
                int first = i + 1;
                int end = first;
                while (end < lines.size() && !lines.get(end).strip().equals(open.group(1))) {
                    end++;
                }
                List<String> block = lines.subList(first, Math.min(end, lines.size()));
                String lang = open.group(2);
                switch (lang) {
                    case "sh", "bash", "shell" -> shell(file, first + 1, block, commands);
                    case "console" -> console(file, first + 1, block, commands);
                    default -> {
                        if (!NOT_RUN.contains(lang)) {
                            problems.add(file + ":" + (i + 1) + ": code block " + (lang.isEmpty() ? "without a"
                                    : "with an unknown") + " language tag: tag it sh (commands, run by "
                                    + ReadmeCommandsIT.class.getSimpleName() + "), console ($ commands and their"
                                    + " output, run and compared), text, java, json or yaml (not run)");
                        }
                    }
                }
                i = end;
            }
            return new Readme(file, commands, problems);
        }

        /** sh: one command a line; a "#   " line right after it is a line it prints. */
        private static void shell(String file, int firstLine, List<String> block, List<Command> commands) {
            Command last = null;
            for (int j = 0; j < block.size(); j++) {
                String line = block.get(j);
                if (line.startsWith("#   ") && last != null) {
                    last.expected().add(line.substring(4).strip());
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    int start = j;
                    StringBuilder text = new StringBuilder(line);
                    while (block.get(j).endsWith("\\") && j + 1 < block.size()) {
                        text.append('\n').append(block.get(++j));
                    }
                    last = new Command(file, firstLine + start, text.toString(), new ArrayList<>(), false);
                    commands.add(last);
                }
            }
        }

        /** console: "$ command" lines, each followed by everything it prints. */
        private static void console(String file, int firstLine, List<String> block, List<Command> commands) {
            for (int j = 0; j < block.size(); j++) {
                if (!block.get(j).startsWith("$ ")) {
                    continue;
                }
                int start = j;
                StringBuilder text = new StringBuilder(block.get(j).substring(2));
                while (block.get(j).endsWith("\\") && j + 1 < block.size()) {
                    text.append('\n').append(block.get(++j));
                }
                List<String> output = new ArrayList<>();
                while (j + 1 < block.size() && !block.get(j + 1).startsWith("$ ")) {
                    output.add(block.get(++j));
                }
                while (!output.isEmpty() && output.getLast().isBlank()) {
                    output.removeLast();
                }
                commands.add(new Command(file, firstLine + start, text.toString(), output, true));
            }
        }
    }

    /** The processes and environment of one README's commands, and the ports they got. */
    static final class Session {
        private static final Pattern FIXED_PORT = Pattern.compile("(--port[ =]|-Dserver\\.port=)(\\d+)");
        private static final Pattern URL_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+|P)\\b");
        private static final Pattern ELISION = Pattern.compile("\\.\\.\\.(?:[^.\\n]*?\\.\\.\\.)?");
        private static final Pattern CLOCK = Pattern.compile("\\b(\\d\\d):(\\d\\d):(\\d\\d)\\b");
        private static final Pattern GATLING_COUNT = Pattern.compile(
                "> request count\\s*\\|\\s*([\\d,]+)\\s*\\|\\s*([\\d,]+)\\s*\\|\\s*([\\d,-]+)");

        private final String file;
        private final Map<Integer, Integer> ports = new LinkedHashMap<>();
        private final Map<String, String> env = new HashMap<>(System.getenv());
        private final List<Process> processes = new ArrayList<>();

        Session(String file) {
            this.file = file;
            String javaHome = System.getProperty("java.home");
            env.put("JAVA_HOME", javaHome);
            env.put("PATH", javaHome + "/bin:" + env.getOrDefault("PATH", "/usr/bin:/bin"));
            env.put("MAVEN_ARGS", "-B");
            String repo = System.getProperty("loadlab.mavenRepoLocal", "");
            if (!repo.isBlank()) {
                env.put("MAVEN_OPTS", (env.getOrDefault("MAVEN_OPTS", "") + " -Dmaven.repo.local=" + repo).strip());
            }
        }

        /** Starts a process in the background and waits for the ready line the README shows under it. */
        void start(Command c) throws Exception {
            assertTrue(!c.expected().isEmpty(), c.where() + ": a command that starts a process needs the line it"
                    + " prints when ready under it (#   ...), so the test knows when it is up");
            Matcher fixed = FIXED_PORT.matcher(c.text());
            while (fixed.find()) {
                int port = Integer.parseInt(fixed.group(2));
                if (port != 0 && !ports.containsKey(port)) {
                    ports.put(port, freePort());
                }
            }
            String command = resolve(c.text());
            Path log = log(c);
            Process process = bash("exec " + command).redirectOutput(log.toFile()).start();
            processes.add(process);
            List<Integer> readmePorts = new ArrayList<>();
            String shown = resolve(c.expected().getFirst());
            Pattern ready = Pattern.compile(pattern(shown, readmePorts));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_S);
            while (System.nanoTime() < deadline) {
                for (String line : Files.readAllLines(log)) {
                    Matcher m = ready.matcher(line);
                    if (m.find()) {
                        for (int g = 1; g <= m.groupCount(); g++) {
                            if (readmePorts.get(g - 1) != null) {
                                ports.putIfAbsent(readmePorts.get(g - 1), Integer.parseInt(m.group(g)));
                            }
                        }
                        return;
                    }
                }
                if (!process.isAlive()) {
                    fail(c.where() + ": `" + command + "` exited with " + process.exitValue()
                            + " before printing its ready line\n  " + shown + "\n" + tail(log));
                }
                Thread.sleep(100);
            }
            fail(c.where() + ": `" + command + "` did not print its ready line within " + READY_TIMEOUT_S + " s\n  "
                    + shown + "\n" + tail(log));
        }

        /** Runs a command to its end: exit code 0 and the output the README shows. */
        void run(Command c) throws Exception {
            String command = resolve(c.text());
            Path log = log(c);
            Path envFile = LOGS.resolve("env");
            Process process = bash(command + "\n__rc=$?; env -0 > '" + envFile + "'; exit $__rc")
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
                destroy(process);
                fail(c.where() + ": `" + command + "` did not finish within " + COMMAND_TIMEOUT_S + " s\n" + tail(log));
            }
            String output = Files.readString(log);
            assertEquals(0, process.exitValue(), () -> c.where() + ": `" + command + "` exited with "
                    + process.exitValue() + "\n" + tail(log));
            if (c.withoutComment().matches("^(export|\\.|source)\\s.*")) {
                env.clear();
                for (String entry : Files.readString(envFile).split("\0")) {
                    int eq = entry.indexOf('=');
                    if (eq > 0) {
                        env.put(entry.substring(0, eq), entry.substring(eq + 1));
                    }
                }
            }
            if (c.console()) {
                String expected = resolve(String.join("\n", c.expected()));
                Pattern whole = Pattern.compile("\\s*" + pattern(expected, new ArrayList<>()) + "\\s*", Pattern.DOTALL);
                assertTrue(whole.matcher(output).matches(), () -> c.where() + ": `" + command
                        + "` printed something else than the README shows.\n--- README:\n" + expected
                        + "\n--- printed:\n" + output);
            } else {
                List<String> lines = output.lines().toList();
                assertAll(c.expected().stream().map(this::resolve).map(line -> () -> {
                    Pattern p = Pattern.compile(pattern(line, new ArrayList<>()));
                    assertTrue(lines.stream().anyMatch(l -> p.matcher(l).find()), () -> c.where() + ": `" + command
                            + "` did not print the line the README shows\n  " + line + "\n" + tail(log));
                }));
            }
            Matcher gatling = GATLING_COUNT.matcher(output);
            if (output.contains("---- Global Information")) {
                assertTrue(gatling.find(), c.where() + ": Gatling's summary has no request count\n" + tail(log));
                long requests = Long.parseLong(gatling.group(1).replace(",", ""));
                String ko = gatling.group(3);
                assertTrue(requests > 0 && (ko.equals("-") || ko.equals("0")), c.where() + ": `" + command
                        + "`: Gatling sent " + requests + " requests, " + ko + " failed (KO)\n" + tail(log));
            }
        }

        /** Every process the README started is still running; stop them (SIGTERM). */
        void stop() {
            List<String> dead = processes.stream().filter(p -> !p.isAlive())
                    .map(p -> "pid " + p.pid() + " exited with " + p.exitValue()).toList();
            kill();
            assertTrue(dead.isEmpty(), file + ": processes that stopped before the end: " + dead);
        }

        void kill() {
            processes.forEach(Session::destroy);
            processes.clear();
        }

        private ProcessBuilder bash(String script) {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(HOME.toFile())
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(env);
            return builder;
        }

        private Path log(Command c) {
            return LOGS.resolve(c.file().replace('/', '_') + "-" + c.line() + ".log");
        }

        /** The README's text with the quick substitutions and the real ports. */
        private String resolve(String text) {
            String resolved = text;
            for (Substitution s : QUICK) {
                if (s.file().equals(file)) {
                    resolved = resolved.replace(s.text(), s.replacement());
                }
            }
            Map<Integer, Integer> known = new HashMap<>(ports);
            PORT_ALIASES.stream().filter(a -> a.file().equals(file) && ports.containsKey(a.sameAs()))
                    .forEach(a -> known.put(a.port(), ports.get(a.sameAs())));
            if (known.isEmpty()) {
                return resolved;
            }
            Pattern numbers = Pattern.compile("(?<!\\d)(" + known.keySet().stream().map(String::valueOf)
                    .collect(Collectors.joining("|")) + ")(?!\\d)");
            return numbers.matcher(resolved).replaceAll(m -> String.valueOf(known.get(Integer.parseInt(m.group(1)))));
        }

        /**
         * A regex for text the README shows (ports already resolved): "..." is any text, whitespace any whitespace,
         * a clock time also one hour later, and a 127.0.0.1 port this session does not know yet any port (captured;
         * its README number, or null for "P", is added to readmePorts).
         */
        private String pattern(String shown, List<Integer> readmePorts) {
            Pattern token = Pattern.compile(ELISION.pattern() + "|" + URL_PORT.pattern() + "|" + CLOCK.pattern()
                    + "|\\s+");
            StringBuilder regex = new StringBuilder();
            Matcher m = token.matcher(shown);
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(shown.substring(last, m.start())));
                String t = m.group();
                if (t.startsWith("...")) {
                    regex.append(".*?");
                } else if (t.startsWith("127.0.0.1:")) {
                    String port = m.group(1);
                    if (port.equals("P") || !ports.containsValue(Integer.valueOf(port))) {
                        regex.append("127\\.0\\.0\\.1:(\\d+)");
                        readmePorts.add(port.equals("P") ? null : Integer.valueOf(port));
                    } else {
                        regex.append(Pattern.quote(t));
                    }
                } else if (m.group(2) != null) {
                    int hour = Integer.parseInt(m.group(2));
                    regex.append(String.format("(?:%02d|%02d):%s:%s", hour, (hour + 1) % 24, m.group(3), m.group(4)));
                } else {
                    regex.append("\\s*");
                }
                last = m.end();
            }
            return regex.append(Pattern.quote(shown.substring(last))).toString();
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }

        private static void destroy(Process process) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String tail(Path log) {
            try {
                List<String> lines = Files.readAllLines(log);
                return "--- last lines of " + HOME.relativize(log) + ":\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "(no output: " + e.getMessage() + ")";
            }
        }
    }
}
