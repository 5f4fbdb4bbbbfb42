package dev.loadlab.lab.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.loadlab.lab.run.Jvm;
import dev.loadlab.lab.record.RecordedLatencies;
import dev.loadlab.lab.run.LabException;
import dev.loadlab.simulations.LoadParameters;
import dev.loadlab.simulations.RequestMix;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a scenario file, checks it and resolves it into a {@link Scenario}. Every problem is one
 * {@link LabException} (exit 2) that names the file, the line, the key and the fix; nothing is started before the
 * whole file has passed.
 */
public final class ScenarioFiles {

    /** The built-in experiment, relative to the project root (and on the loadtest class path). */
    public static final String BUILT_IN = "scenarios/sun.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern REQUEST_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,40}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}\\s]+)}");
    private static final Pattern EL = Pattern.compile("#\\{([^}]*)}");
    private static final Pattern EL_ROOT = Pattern.compile("^([A-Za-z_][A-Za-z0-9_-]*)(\\()?");
    private static final List<String> PROFILES = List.of("fixed", "lognormal", "uniform", "empirical", "seed");
    private static final List<String> FAULTS = List.of("http500", "http503", "reset", "malformed", "slow");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);
    private static final ScenarioFile.Defaults LAB_DEFAULTS = new ScenarioFile.Defaults(List.of(16, 64, 256, 512),
            List.of("200", "800"), "3s", "8s", 1, "5s", "10s",
            new ScenarioFile.Defaults(List.of(16, 256), List.of("200"), "1s", "3s", null, "2s", null, null));

    private static volatile Scenario builtIn;

    private final String where; // the file as the user named it
    private final Path dir;
    private final boolean onClassPath;
    private final Map<String, Integer> lines;

    private ScenarioFiles(String where, Path dir, boolean onClassPath, Map<String, Integer> lines) {
        this.where = where;
        this.dir = dir;
        this.onClassPath = onClassPath;
        this.lines = lines;
    }

    /** Reads and checks a scenario file. */
    public static Scenario load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new LabException("scenario " + file + " does not exist: give the path of a scenario YAML file,"
                    + " e.g. --scenario examples/quote/scenario.yaml");
        }
        try {
            return parse(Files.readString(absolute), absolute, false, file.toString());
        } catch (IOException e) {
            throw new LabException("cannot read scenario " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code scenarios/sun.yaml}: from the project when the lab runs it, else from the class path. */
    public static Scenario builtIn() {
        Scenario cached = builtIn;
        if (cached != null) {
            return cached;
        }
        Path file = Jvm.home().resolve(BUILT_IN);
        if (Files.isRegularFile(file)) {
            cached = load(file);
        } else {
            try (InputStream in = ScenarioFiles.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
                if (in == null) {
                    throw new LabException(BUILT_IN + " is neither under " + Jvm.home() + " nor on the class path");
                }
                cached = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), Path.of(BUILT_IN), true,
                        BUILT_IN);
            } catch (IOException e) {
                throw new LabException("cannot read " + BUILT_IN + " from the class path: " + e.getMessage(), e);
            }
        }
        builtIn = cached;
        return cached;
    }

    /**
     * {@code --scenario FILE}, or the built-in one when not given. A relative FILE is looked for where ./lab was run
     * from ({@code -Dloadlab.cwd}: a scenario in your own repository), then in the project.
     */
    public static Scenario loadOrBuiltIn(Path file) {
        if (file == null) {
            return builtIn();
        }
        return load(Jvm.userPath(file));
    }

    /**
     * The checkout a scenario belongs to: the nearest folder above it with a {@code .git}, else the project. The
     * gate's {@code --base-build} is the same checkout at the base commit, so a variant's folder is found there at
     * the same place relative to it.
     */
    public static Path checkoutOf(Scenario scenario) {
        for (Path dir = scenario.dir().toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                return dir;
            }
        }
        return Jvm.home();
    }

    static Scenario parse(String text, Path file, boolean onClassPath, String where) {
        ScenarioFiles reader = new ScenarioFiles(where, file.getParent() == null ? Path.of("") : file.getParent(),
                onClassPath, lineNumbers(text));
        ScenarioFile raw = reader.bind(text);
        return reader.resolve(raw, file);
    }

    private ScenarioFile bind(String text) {
        try {
            ScenarioFile raw = YAML.readValue(text, ScenarioFile.class);
            if (raw == null) {
                throw fail("", "the file is empty", "declare at least variants, upstreams and load (docs/SCENARIOS.md)");
            }
            return raw;
        } catch (UnrecognizedPropertyException e) {
            String key = keyPath(e);
            List<String> known = e.getKnownPropertyIds() == null ? List.of()
                    : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            throw new LabException(where + ", line " + lineOr(key, e.getLocation()) + ": unknown key '" + key + "'"
                    + (known.isEmpty() ? "" : "; known keys here: " + String.join(", ", known))
                    + " (fix the spelling or remove it)");
        } catch (JsonMappingException e) {
            throw new LabException(where + ", line " + lineOr(keyPath(e), e.getLocation()) + ", " + keyPath(e) + ": "
                    + e.getOriginalMessage().split("\n")[0] + " (see docs/SCENARIOS.md for the key's type)");
        } catch (JsonProcessingException e) {
            throw new LabException(where + ", line " + line(e.getLocation()) + ": not valid YAML ("
                    + e.getOriginalMessage().split("\n")[0] + ")");
        }
    }

    private Scenario resolve(ScenarioFile raw, Path file) {
        String name = raw.name() != null ? raw.name() : file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Map<String, Scenario.Upstream> upstreams = upstreams(raw);
        RequestMix mix = requests(raw);
        Map<String, CriticalPath> paths = new LinkedHashMap<>();
        for (int i = 0; i < mix.requests().size(); i++) {
            RequestMix.Request request = mix.requests().get(i);
            String key = "load.requests." + i;
            paths.put(request.name(), request.criticalPath() != null
                    ? path(request.criticalPath(), key + ".criticalPath", upstreams.keySet())
                    : request.floorMs() != null ? floor(request.floorMs(), key + ".floorMs")
                    : raw.criticalPath() != null ? path(raw.criticalPath(), "criticalPath", upstreams.keySet())
                    : raw.floorMs() != null ? floor(raw.floorMs(), "floorMs")
                    : failed(key, "request " + request.name() + " has no critical path, so the lab cannot compute its"
                            + " bound", "add criticalPath (e.g. [location, sun]) or floorMs to it or to the file"));
        }
        Map<String, Scenario.Variant> variants = new LinkedHashMap<>();
        Map<String, Map<String, CriticalPath>> variantPaths = new LinkedHashMap<>();
        if (raw.variants() == null || raw.variants().isEmpty()) {
            throw fail("variants", "no variants", "declare at least one, e.g. variants: {async: {builtin: async}}");
        }
        raw.variants().forEach((variantName, entry) -> {
            String key = "variants." + variantName;
            require(REQUEST_NAME.matcher(variantName).matches(), key, "variant name '" + variantName + "' is not allowed",
                    "use 1-40 letters, digits, '.', '_' or '-'");
            require(entry != null, key, "variant " + variantName + " is empty", "give builtin, url or command");
            variants.put(variantName, variant(variantName, entry, key, upstreams.keySet()));
            if (entry.criticalPath() != null) {
                Map<String, CriticalPath> own = new LinkedHashMap<>();
                entry.criticalPath().forEach((request, node) -> {
                    require(paths.containsKey(request), key + ".criticalPath." + request, "no request is named '"
                            + request + "'", "use one of " + paths.keySet());
                    own.put(request, path(node, key + ".criticalPath." + request, upstreams.keySet()));
                });
                variantPaths.put(variantName, own);
            }
        });
        Path gateRules = null;
        if (raw.gate() != null && raw.gate().rules() != null) {
            gateRules = dir.resolve(raw.gate().rules()).toAbsolutePath().normalize();
            require(onClassPath || Files.isRegularFile(gateRules), "gate.rules", gateRules + " does not exist",
                    "give a rules file relative to the scenario (docs/PERF-GATE.md)");
        }
        return new Scenario(file, name, raw.description(), upstreams, variants, mix, paths, variantPaths,
                defaults(raw.defaults()), gateRules, upstreamFailures(raw.upstreamFailures()));
    }

    private Scenario.UpstreamFailures upstreamFailures(ScenarioFile.UpstreamFailuresEntry entry) {
        if (entry == null) {
            return Scenario.UpstreamFailures.DEFAULT;
        }
        int status = entry.status() == null ? Scenario.UpstreamFailures.DEFAULT.status() : entry.status();
        int timeoutStatus = entry.timeoutStatus() == null ? Scenario.UpstreamFailures.DEFAULT.timeoutStatus()
                : entry.timeoutStatus();
        require(status >= 400 && status <= 599, "upstreamFailures.status", status + " is not an error status",
                "give the status your service answers when an upstream fails, e.g. 502");
        require(timeoutStatus >= 400 && timeoutStatus <= 599, "upstreamFailures.timeoutStatus", timeoutStatus
                + " is not an error status", "give the status your service answers when an upstream times out, e.g. 504");
        return new Scenario.UpstreamFailures(status, timeoutStatus, entry.timeout() == null ? null
                : duration(entry.timeout(), "upstreamFailures.timeout"));
    }

    // ---- upstreams

    private Map<String, Scenario.Upstream> upstreams(ScenarioFile raw) {
        Map<String, Scenario.Upstream> upstreams = new LinkedHashMap<>();
        Map<String, ScenarioFile.UpstreamEntry> entries = raw.upstreams() == null ? Map.of() : raw.upstreams();
        Set<String> builtins = new LinkedHashSet<>();
        entries.forEach((upstreamName, entry) -> {
            String key = "upstreams." + upstreamName;
            require(NAME.matcher(upstreamName).matches(), key, "upstream name '" + upstreamName + "' is not allowed",
                    "use lower-case letters, digits and '-', starting with a letter");
            require(entry != null && (entry.builtin() == null) != (entry.mappings() == null), key,
                    "upstream " + upstreamName + " needs exactly one of builtin or mappings",
                    "e.g. builtin: sun, or mappings: upstreams/" + upstreamName);
            Path mappings = null;
            if (entry.builtin() != null) {
                require(Scenario.BUILTIN_UPSTREAMS.contains(entry.builtin()), key + ".builtin", "no built-in upstream '"
                        + entry.builtin() + "'", "use one of " + Scenario.BUILTIN_UPSTREAMS);
                require(builtins.add(entry.builtin()), key + ".builtin", "built-in " + entry.builtin()
                        + " is declared twice", "declare each built-in upstream once");
            } else {
                require(!Scenario.BUILTIN_UPSTREAMS.contains(upstreamName) && !"admin".equals(upstreamName), key,
                        "'" + upstreamName + "' is a built-in upstream's name", "give the mapping folder another name");
                mappings = mappingFolder(entry.mappings(), key + ".mappings");
            }
            Scenario.Latency latency = latency(raw.latency(), entry.latency(), key + ".latency", entry.builtin() != null);
            upstreams.put(upstreamName, new Scenario.Upstream(upstreamName, entry.builtin(), mappings, latency,
                    faults(entry.faults(), key + ".faults")));
        });
        List<Scenario.Latency> builtinProfiles = upstreams.values().stream().filter(Scenario.Upstream::isBuiltin)
                .map(u -> u.latency().withMs(0)).distinct().toList();
        require(builtinProfiles.size() <= 1, "upstreams", "the built-in upstreams have different profiles, sigmas or"
                + " spreads", "give them one profile (they share one stub); only their ms may differ");
        return upstreams;
    }

    private Path mappingFolder(String folder, String key) {
        Path resolved = dir.resolve(folder).toAbsolutePath().normalize();
        Path mappings = resolved.resolve("mappings");
        require(Files.isDirectory(mappings), key, resolved + " has no mappings/ folder",
                "point it at a folder of WireMock stub mappings (mappings/*.json), e.g. one ./lab record wrote");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(mappings)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw fail(key, "cannot read " + mappings + ": " + e.getMessage(), "check the folder's permissions");
        }
        require(!files.isEmpty(), key, mappings + " holds no .json mapping", "add WireMock stub mappings or record"
                + " some with ./lab record");
        for (Path mapping : files) {
            try {
                JSON.readTree(mapping.toFile());
            } catch (JsonProcessingException e) {
                throw new LabException(where + ", " + key + ": " + mapping + " is not valid JSON (line "
                        + line(e.getLocation()) + ": " + e.getOriginalMessage().split("\n")[0]
                        + "); fix the file or record it again with ./lab record");
            } catch (IOException e) {
                throw fail(key, "cannot read " + mapping + ": " + e.getMessage(), "check the file");
            }
        }
        return resolved;
    }

    private Scenario.Latency latency(ScenarioFile.LatencyEntry shared, ScenarioFile.LatencyEntry own, String key,
                                     boolean builtin) {
        ScenarioFile.LatencyEntry base = shared == null ? new ScenarioFile.LatencyEntry(null, null, null, null, null,
                null) : shared;
        ScenarioFile.LatencyEntry o = own == null ? new ScenarioFile.LatencyEntry(null, null, null, null, null, null)
                : own;
        String profile = firstNonNull(o.profile(), base.profile(), "fixed").toLowerCase(Locale.ROOT);
        require(PROFILES.contains(profile), key + ".profile", "unknown profile '" + profile + "'", "use one of "
                + PROFILES);
        require(!"seed".equals(profile) || builtin, key + ".profile", "seed holds the built-in APIs' measured"
                + " latencies", "use empirical with samplesMs or samplesFile for a mapping folder");
        double ms = firstNonNull(o.ms(), base.ms(), Scenario.Latency.DEFAULT_MS);
        double sigma = firstNonNull(o.sigma(), base.sigma(), Scenario.Latency.DEFAULT_SIGMA);
        double spread = firstNonNull(o.spreadMs(), base.spreadMs(), Scenario.Latency.DEFAULT_SPREAD_MS);
        require(ms >= 0 && ms <= 600_000, key + ".ms", "latency " + ms + " ms is out of range", "use 0 to 600000");
        require(sigma > 0 && sigma <= 5, key + ".sigma", "sigma " + sigma + " is out of range", "use above 0, at most 5");
        require(spread >= 0 && spread <= 600_000, key + ".spreadMs", "spread " + spread + " ms is out of range",
                "use 0 to 600000");
        List<Double> samples = List.of();
        if ("empirical".equals(profile)) {
            String samplesFile = o.samplesFile() != null ? o.samplesFile() : o.samplesMs() != null ? null
                    : base.samplesFile();
            List<Double> inline = o.samplesMs() != null ? o.samplesMs() : base.samplesMs();
            samples = samplesFile != null ? samples(samplesFile, key + ".samplesFile") : inline == null ? List.of()
                    : inline;
            require(!samples.isEmpty(), key, "the empirical profile has no samples",
                    "give samplesMs: [..] or samplesFile: latencies.json (./lab record writes one)");
            require(samples.stream().allMatch(s -> s != null && s >= 0 && s <= 600_000), key, "an empirical sample is"
                    + " not a latency", "use ms between 0 and 600000");
        }
        return new Scenario.Latency(profile, ms, sigma, spread, List.copyOf(samples));
    }

    /** {@code ./lab record}'s latencies.json ({@code samplesMs}), or a text file with one number a line. */
    private List<Double> samples(String file, String key) {
        Path path = dir.resolve(file).toAbsolutePath().normalize();
        require(Files.isRegularFile(path), key, path + " does not exist", "give the latencies.json ./lab record wrote");
        try {
            String text = Files.readString(path);
            if (text.stripLeading().startsWith("{")) {
                return RecordedLatencies.read(path).samplesMs();
            }
            return text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(Double::parseDouble).toList();
        } catch (IOException | RuntimeException e) {
            throw fail(key, "cannot read samples from " + path + ": " + e.getMessage(),
                    "one latency in ms a line, or ./lab record's latencies.json");
        }
    }

    private Map<String, Double> faults(Map<String, Double> faults, String key) {
        if (faults == null) {
            return Map.of();
        }
        double total = 0;
        for (Map.Entry<String, Double> fault : faults.entrySet()) {
            require(FAULTS.contains(fault.getKey()), key + "." + fault.getKey(), "unknown fault '" + fault.getKey()
                    + "'", "use one of " + FAULTS);
            require(fault.getValue() != null && fault.getValue() >= 0 && fault.getValue() <= 1, key + "."
                    + fault.getKey(), "share " + fault.getValue() + " is not a share", "use 0..1 of the requests");
            total += fault.getValue();
        }
        require(total <= 1 + 1e-9, key, "the fault shares add up to " + total, "keep their sum at most 1");
        return Map.copyOf(faults);
    }

    // ---- variants

    private Scenario.Variant variant(String variantName, ScenarioFile.VariantEntry entry, String key,
                                     Set<String> upstreams) {
        int kinds = (entry.builtin() != null ? 1 : 0) + (entry.url() != null ? 1 : 0) + (entry.command() != null ? 1 : 0);
        require(kinds == 1, key, "variant " + variantName + " needs exactly one of builtin, url or command",
                "builtin: async (the lab's service), url: http://127.0.0.1:8080 (already running), or command: [...]");
        if (entry.builtin() != null) {
            require(Scenario.BUILTIN_MODES.contains(entry.builtin()), key + ".builtin", "the lab's service has no mode '"
                    + entry.builtin() + "'", "use one of " + Scenario.BUILTIN_MODES);
            require(entry.pool() == null, key + ".pool", "the lab's own service knows its pool", "use --pool-size");
            return new Scenario.Variant(variantName, entry.builtin(), null, null, false, null, Map.of(), null, null,
                    null);
        }
        if (entry.url() != null) {
            require(entry.url().matches("https?://\\S+"), key + ".url", "'" + entry.url() + "' is not an http(s) URL",
                    "e.g. http://127.0.0.1:8080/api");
            return new Scenario.Variant(variantName, null, stripSlash(entry.url()), null, false, null, Map.of(), null,
                    null, pool(entry.pool(), key));
        }
        boolean shell = Boolean.TRUE.equals(entry.shell());
        require(!entry.command().isEmpty() && entry.command().stream().noneMatch(a -> a == null || a.isEmpty()),
                key + ".command", "the command is empty", "give the argv, e.g. [java, -jar, target/app.jar, --port, '{port}']");
        require(!shell || entry.command().size() == 1, key + ".command", "with shell: true the command is one string",
                "e.g. command: ['exec java -jar app.jar --port {port}']");
        require(entry.baseUrl() != null, key + ".baseUrl", "a started variant needs a baseUrl",
                "e.g. baseUrl: http://127.0.0.1:{port}");
        List<String> templates = new ArrayList<>(entry.command());
        templates.add(entry.baseUrl());
        if (entry.env() != null) {
            templates.addAll(entry.env().values());
        }
        require(entry.ready() != null && (entry.ready().http() == null) != (entry.ready().log() == null), key + ".ready",
                "a started variant needs one readiness check", "ready: {http: /health} or ready: {log: 'Started'}");
        if (entry.ready().http() != null) {
            templates.add(entry.ready().http());
        } else {
            try {
                Pattern.compile(entry.ready().log());
            } catch (PatternSyntaxException e) {
                throw fail(key + ".ready.log", "not a regular expression (" + e.getDescription() + ")", "fix the pattern");
            }
        }
        for (String template : templates) {
            Matcher placeholder = PLACEHOLDER.matcher(template);
            while (placeholder.find()) {
                String inside = placeholder.group(1);
                Matcher upstream = Pattern.compile("upstream\\.([a-z][a-z0-9-]*)\\.url").matcher(inside);
                require("port".equals(inside) || "java".equals(inside)
                                || upstream.matches() && upstreams.contains(upstream.group(1)), key,
                        "unknown placeholder {" + inside + "} in '" + template + "'",
                        "use {port}, {java} or {upstream.NAME.url} with NAME one of " + upstreams);
            }
        }
        Path workingDir = dir.resolve(entry.workingDir() == null ? "." : entry.workingDir()).toAbsolutePath().normalize();
        require(onClassPath || Files.isDirectory(workingDir), key + ".workingDir", workingDir + " is not a folder",
                "give a folder relative to the scenario file");
        Duration timeout = entry.ready().timeout() == null ? DEFAULT_READY_TIMEOUT
                : duration(entry.ready().timeout(), key + ".ready.timeout");
        return new Scenario.Variant(variantName, null, null, List.copyOf(entry.command()), shell, workingDir,
                entry.env() == null ? Map.of() : Map.copyOf(entry.env()), stripSlash(entry.baseUrl()),
                new Scenario.Ready(entry.ready().http(), entry.ready().log(), timeout), pool(entry.pool(), key));
    }

    private Integer pool(Integer pool, String key) {
        require(pool == null || pool >= 1 && pool <= 100_000, key + ".pool", "pool " + pool + " is out of range",
                "give its thread count, 1..100000");
        return pool;
    }

    // ---- load

    private RequestMix requests(ScenarioFile raw) {
        RequestMix load = raw.load();
        require(load != null && !load.requests().isEmpty(), "load.requests", "no requests",
                "declare at least one, e.g. requests: [{name: quote, path: /quote/#{sku}}]");
        Map<String, RequestMix.Feeder> feeders = new LinkedHashMap<>();
        Set<String> columns = new LinkedHashSet<>();
        load.feeders().forEach((feederName, feeder) -> {
            String key = "load.feeders." + feederName;
            require(feeder != null && (feeder.csv() == null) != (feeder.records() == null), key,
                    "feeder " + feederName + " needs exactly one of csv or records",
                    "csv: data.csv, or records: [{sku: A100}]");
            require(RequestMix.Feeder.STRATEGIES.contains(feeder.strategyOrDefault()), key + ".strategy",
                    "unknown strategy '" + feeder.strategy() + "'", "use one of " + RequestMix.Feeder.STRATEGIES);
            if (feeder.csv() != null) {
                String csv = onClassPath ? dir.resolve(feeder.csv()).toString()
                        : dir.resolve(feeder.csv()).toAbsolutePath().normalize().toString();
                columns.addAll(csvHeader(feeder.withCsv(csv), key + ".csv"));
                feeders.put(feederName, feeder.withCsv(csv));
            } else {
                require(!feeder.records().isEmpty(), key + ".records", "no records", "give at least one record");
                feeder.records().forEach(record -> columns.addAll(record.keySet()));
                feeders.put(feederName, feeder);
            }
        });
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < load.requests().size(); i++) {
            RequestMix.Request request = load.requests().get(i);
            String key = "load.requests." + i;
            require(request.name() != null && REQUEST_NAME.matcher(request.name()).matches(), key + ".name",
                    "request name '" + request.name() + "' is missing or not allowed",
                    "use 1-40 letters, digits, '.', '_' or '-'");
            require(names.add(request.name()), key + ".name", "two requests are named " + request.name(),
                    "give each its own name");
            require(request.path() != null && request.path().startsWith("/"), key + ".path",
                    "the path must start with /", "e.g. /quote/#{sku}");
            require(METHODS.contains(request.methodOrDefault()), key + ".method", "unknown method '"
                    + request.method() + "'", "use one of " + METHODS);
            require(request.statusOrDefault() >= 100 && request.statusOrDefault() <= 599, key + ".status",
                    "status " + request.status() + " is not an HTTP status", "use 100..599 (default 200)");
            require(request.weightOrDefault() >= 0, key + ".weight", "weight " + request.weight() + " is negative",
                    "use 0 (sent only when chosen with --endpoint) or more");
            List<String> texts = new ArrayList<>(List.of(request.path()));
            texts.addAll(request.headers().values());
            if (request.body() != null) {
                texts.add(request.body());
            }
            for (String text : texts) {
                Matcher el = EL.matcher(text);
                while (el.find()) {
                    Matcher root = EL_ROOT.matcher(el.group(1).trim());
                    require(root.find(), key, "'#{" + el.group(1) + "}' is not Gatling EL", "e.g. #{sku}");
                    boolean function = root.group(2) != null;
                    require(function || columns.contains(root.group(1)), key, "#{" + root.group(1) + "} is not a"
                            + " column of any feeder (columns: " + columns + ")", "add the column to the feeder or fix"
                            + " the name");
                }
            }
        }
        require(load.requests().stream().anyMatch(r -> r.weightOrDefault() > 0), "load.requests",
                "every request has weight 0", "give at least one request a weight above 0");
        return new RequestMix(feeders, load.requests());
    }

    /** The CSV's header row, as Gatling reads it (comma-separated, the first line). */
    private List<String> csvHeader(RequestMix.Feeder feeder, String key) {
        List<List<String>> rows;
        try {
            rows = feeder.firstCsvRows(1);
        } catch (IOException e) {
            throw fail(key, feeder.csv() + " cannot be read (" + e + ")", "give a CSV file relative to the scenario");
        }
        List<String> header = rows.isEmpty() ? List.of() : rows.getFirst().stream().filter(h -> !h.isEmpty()).toList();
        require(!header.isEmpty(), key, feeder.csv() + " has no header row", "put the column names on its first line");
        return header;
    }

    private CriticalPath path(JsonNode node, String key, Set<String> upstreams) {
        CriticalPath path;
        try {
            path = CriticalPath.parse(node);
        } catch (IllegalArgumentException e) {
            throw fail(key, e.getMessage(), "e.g. criticalPath: [{parallel: [pricing, inventory]}, shipping]");
        }
        path.forEachCall(call -> require(upstreams.contains(call), key, "upstream '" + call + "' is not declared",
                "declare it under upstreams or fix the name (declared: " + upstreams + ")"));
        return path;
    }

    private CriticalPath floor(double floorMs, String key) {
        require(floorMs >= 0, key, "floor " + floorMs + " ms is negative", "give the mean latency floor in ms");
        return new CriticalPath.Floor(floorMs);
    }

    // ---- defaults

    private Scenario.Defaults defaults(ScenarioFile.Defaults given) {
        ScenarioFile.Defaults normal = overlay(LAB_DEFAULTS, given);
        ScenarioFile.Defaults quick = overlay(overlay(normal, LAB_DEFAULTS.quick()), given == null ? null : given.quick());
        return resolveDefaults(normal, "defaults", Optional.of(resolveDefaults(quick, "defaults.quick", Optional.empty())));
    }

    private Scenario.Defaults resolveDefaults(ScenarioFile.Defaults d, String key, Optional<Scenario.Defaults> quick) {
        require(d.levels().stream().allMatch(l -> l != null && l >= 1 && l <= 20_000), key + ".levels",
                "a level is out of range", "use 1..20000 users");
        require(d.repeats() >= 1 && d.repeats() <= 20, key + ".repeats", "repeats " + d.repeats() + " is out of range",
                "use 1..20");
        return new Scenario.Defaults(List.copyOf(d.levels()), List.copyOf(d.rates()), duration(d.warmup(),
                key + ".warmup"), duration(d.measure(), key + ".measure"), d.repeats(),
                duration(d.systemWarmup(), key + ".systemWarmup"), duration(d.requestTimeout(), key + ".requestTimeout"),
                quick);
    }

    private static ScenarioFile.Defaults overlay(ScenarioFile.Defaults base, ScenarioFile.Defaults top) {
        if (top == null) {
            return base;
        }
        return new ScenarioFile.Defaults(firstNonNull(top.levels(), base.levels(), null),
                firstNonNull(top.rates(), base.rates(), null), firstNonNull(top.warmup(), base.warmup(), null),
                firstNonNull(top.measure(), base.measure(), null), firstNonNull(top.repeats(), base.repeats(), null),
                firstNonNull(top.systemWarmup(), base.systemWarmup(), null),
                firstNonNull(top.requestTimeout(), base.requestTimeout(), null), base.quick());
    }

    private Duration duration(String text, String key) {
        try {
            return LoadParameters.duration(text);
        } catch (IllegalArgumentException e) {
            throw fail(key, e.getMessage(), "e.g. 3s");
        }
    }

    // ---- errors, with the line of the key

    private LabException fail(String key, String problem, String fix) {
        Integer line = lineOf(key);
        return new LabException(where + (line == null ? "" : ", line " + line) + (key.isEmpty() ? "" : ", " + key)
                + ": " + problem + "; " + fix);
    }

    private <T> T failed(String key, String problem, String fix) {
        throw fail(key, problem, fix);
    }

    private void require(boolean ok, String key, String problem, String fix) {
        if (!ok) {
            throw fail(key, problem, fix);
        }
    }

    /** The line of a key, or of its nearest parent that has one. */
    private Integer lineOf(String key) {
        for (String k = key; ; k = k.substring(0, k.lastIndexOf('.'))) {
            Integer line = lines.get(k);
            if (line != null || !k.contains(".")) {
                return line;
            }
        }
    }

    /** Every key path ({@code variants.async.command}, {@code load.requests.0.path}) to the line it is on. */
    static Map<String, Integer> lineNumbers(String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                String path = parser.getParsingContext().pathAsPointer().toString();
                if (token == JsonToken.FIELD_NAME) {
                    path = path.isEmpty() ? "/" + parser.currentName() : path;
                }
                lines.putIfAbsent(path.replaceFirst("^/", "").replace('/', '.'), parser.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            // a file that does not parse is reported when it is bound
        }
        return lines;
    }

    /** Records are bound once their object ends, so Jackson's location can be past the key: prefer the key's line. */
    private String lineOr(String key, JsonLocation location) {
        Integer line = lines.get(key);
        return line != null ? String.valueOf(line) : line(location);
    }

    private static String keyPath(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                .collect(Collectors.joining("."));
    }

    private static String line(JsonLocation location) {
        return location == null ? "?" : String.valueOf(location.getLineNr());
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
