package dev.loadlab.lab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.lab.Lab;
import dev.loadlab.lab.run.InjectorShare;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Offline validation of deploy/ (there is no cluster here): every manifest is parsed into typed Kubernetes
 * objects (fabric8's model of the Kubernetes API), no field is unknown to that model (a typo lands in
 * {@code additionalProperties}, which must stay empty), and the manifests agree with each other and with the
 * lab: Indexed completion, completions = parallelism = INJECTORS, resources on every container, Services
 * whose selectors match pod labels, the injector and merge command lines parse as {@code ./lab} options.
 */
class DeployManifestsTest {

    private static final Pattern VAR = Pattern.compile("\\$\\(([A-Z_]+)\\)");
    private static final KubernetesSerialization K8S = new KubernetesSerialization();

    static Path deploy;
    static Map<String, List<HasMetadata>> byFile = new LinkedHashMap<>();
    static List<HasMetadata> all = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        Path moduleRelative = Path.of("..", "deploy");
        deploy = Files.isDirectory(moduleRelative) ? moduleRelative : Path.of("deploy");
        try (Stream<Path> files = Files.list(deploy)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    continue;
                }
                List<HasMetadata> docs = new ArrayList<>();
                for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
                    if (!doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                        docs.add(K8S.unmarshal(doc, HasMetadata.class));
                    }
                }
                byFile.put(file.getFileName().toString(), docs);
                all.addAll(docs);
            }
        }
    }

    @Test
    void every_manifest_is_a_typed_kubernetes_object_without_unknown_fields() {
        assertThat(byFile).containsKeys("namespace.yaml", "run-config.yaml", "results-pvc.yaml", "stubs.yaml",
                "service.yaml", "injectors-job.yaml", "merge-job.yaml", "injector-networkpolicy.yaml",
                "results-pod.yaml");
        for (HasMetadata o : all) {
            assertThat(o.getClass().getPackageName()).as(o.getKind()).startsWith("io.fabric8.kubernetes.api.model");
            assertThat(unknownFields(o, o.getKind() + " " + o.getMetadata().getName(), new IdentityHashMap<>()))
                    .as("fields the Kubernetes API does not know (typos?)").isEmpty();
            if (!(o instanceof Namespace)) {
                assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + o.getMetadata().getName())
                        .isEqualTo("loadlab");
            }
        }
    }

    @Test
    void kustomization_lists_the_standing_objects_and_every_file_exists() throws IOException {
        String kustomization = Files.readString(deploy.resolve("kustomization.yaml"));
        List<String> listed = kustomization.lines().map(String::trim).filter(l -> l.startsWith("- "))
                .map(l -> l.substring(2).trim()).toList();
        assertThat(listed).allSatisfy(f -> assertThat(deploy.resolve(f)).isRegularFile());
        assertThat(listed).contains("namespace.yaml", "run-config.yaml", "results-pvc.yaml", "stubs.yaml",
                "service.yaml", "injector-networkpolicy.yaml").doesNotContain("injectors-job.yaml", "merge-job.yaml");
    }

    @Test
    void injectors_are_an_indexed_job_of_n_pods_that_start_together_and_never_retry_alone() {
        Job job = one(Job.class, "loadlab-injectors");
        int injectors = Integer.parseInt(runConfig().get("INJECTORS"));

        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(injectors);
        assertThat(job.getSpec().getParallelism()).isEqualTo(injectors);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        Container c = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(c.getArgs()).containsSubsequence("--of", "$(INJECTORS)").contains("--barrier")
                .doesNotContain("--index", "--allow-remote");
        assertThat(mounts(job.getSpec().getTemplate().getSpec())).containsEntry("results", "/results");
    }

    @Test
    void the_injector_and_merge_command_lines_are_valid_lab_options() {
        for (String name : List.of("loadlab-injectors", "loadlab-merge")) {
            Container c = one(Job.class, name).getSpec().getTemplate().getSpec().getContainers().getFirst();
            List<String> command = c.getCommand();
            assertThat(command).contains("dev.loadlab.lab.Lab", "-Dloadlab.home=/opt/loadlab");
            List<String> args = new ArrayList<>(command.subList(command.indexOf("dev.loadlab.lab.Lab") + 1, command.size()));
            c.getArgs().forEach(a -> args.add(expand(a)));
            CommandLine.ParseResult parsed = new CommandLine(new Lab()).parseArgs(args.toArray(String[]::new));
            assertThat(parsed.hasSubcommand()).as(name).isTrue();
            assertThat(c.getEnvFrom()).extracting(e -> e.getConfigMapRef().getName()).containsExactly("loadlab-run");
        }
        int injectors = Integer.parseInt(runConfig().get("INJECTORS"));
        for (String point : runConfig().get("POINTS").split(",")) {
            for (int i = 0; i < injectors; i++) {
                assertThat(InjectorShare.of(InjectorShare.parse(point, "u"), i, injectors).share().id()).isNotBlank();
            }
        }
    }

    @Test
    void the_target_is_the_service_inside_the_cluster_and_replicas_agree() {
        Map<String, String> run = runConfig();
        URI target = URI.create(run.get("TARGET").replace("{variant}", "async"));
        Service service = one(Service.class, "loadlab-service");
        assertThat(target.getHost()).isEqualTo("loadlab-service.loadlab.svc.cluster.local");
        assertThat(target.getPort()).isEqualTo(service.getSpec().getPorts().getFirst().getPort());
        Deployment deployment = one(Deployment.class, "loadlab-service");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(Integer.parseInt(run.get("REPLICAS")));
        Container stubs = one(Deployment.class, "loadlab-stubs").getSpec().getTemplate().getSpec().getContainers()
                .getFirst();
        assertThat(stubs.getArgs()).containsSubsequence("--latency-ms", run.get("LATENCY_MS"));
        assertThat(String.join(" ", deployment.getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getCommand())).contains("http://loadlab-stubs.loadlab.svc.cluster.local:8081/location");
    }

    @Test
    void services_select_the_pods_of_their_deployment_and_reach_a_named_port() {
        for (Service s : of(Service.class)) {
            List<Deployment> selected = of(Deployment.class).stream().filter(d -> d.getSpec().getTemplate()
                    .getMetadata().getLabels().entrySet().containsAll(s.getSpec().getSelector().entrySet())).toList();
            assertThat(selected).as("pods selected by Service " + s.getMetadata().getName()).hasSize(1);
            Deployment d = selected.getFirst();
            assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(s.getSpec().getSelector());
            String port = s.getSpec().getPorts().getFirst().getTargetPort().getStrVal();
            assertThat(d.getSpec().getTemplate().getSpec().getContainers().getFirst().getPorts())
                    .extracting(p -> p.getName()).contains(port);
        }
    }

    @Test
    void every_container_has_cpu_and_memory_requests_and_limits_and_load_bearing_ones_are_guaranteed() {
        for (HasMetadata o : all) {
            PodSpec pod = podSpec(o);
            if (pod == null) {
                continue;
            }
            for (Container c : pod.getContainers()) {
                ResourceRequirements r = c.getResources();
                String what = o.getKind() + " " + o.getMetadata().getName();
                assertThat(r.getRequests()).as(what).containsKeys("cpu", "memory");
                assertThat(r.getLimits()).as(what).containsKeys("cpu", "memory");
                assertThat(c.getImage()).as(what).isEqualTo("loadlab:0.1.0");
                boolean loadBearing = Set.of("loadlab-injectors", "loadlab-service", "loadlab-stubs")
                        .contains(o.getMetadata().getName());
                if (loadBearing) {
                    assertThat(r.getRequests()).as(what + ": requests = limits (no CPU throttling)")
                            .isEqualTo(r.getLimits());
                    assertThat(Quantity.getAmountInBytes(r.getRequests().get("cpu")).doubleValue())
                            .as(what + ": whole cores").isGreaterThanOrEqualTo(2.0);
                }
            }
        }
    }

    @Test
    void the_network_policy_keeps_the_injectors_inside_the_namespace() {
        NetworkPolicy policy = one(NetworkPolicy.class, "loadlab-injectors-egress");
        Map<String, String> injectorLabels = one(Job.class, "loadlab-injectors").getSpec().getTemplate().getMetadata()
                .getLabels();
        Map<String, String> serviceLabels = one(Deployment.class, "loadlab-service").getSpec().getTemplate()
                .getMetadata().getLabels();
        assertThat(injectorLabels.entrySet()).containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(policy.getSpec().getEgress().getFirst().getTo().getFirst().getPodSelector().getMatchLabels())
                .isEqualTo(serviceLabels);
    }

    @Test
    void every_volume_claim_exists() {
        List<String> claims = of(PersistentVolumeClaim.class).stream().map(c -> c.getMetadata().getName()).toList();
        for (HasMetadata o : all) {
            PodSpec pod = podSpec(o);
            if (pod != null && pod.getVolumes() != null) {
                pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                        .forEach(v -> assertThat(claims).contains(v.getPersistentVolumeClaim().getClaimName()));
            }
        }
        assertThat(one(PersistentVolumeClaim.class, "loadlab-results").getSpec().getAccessModes())
                .containsExactly("ReadWriteMany");
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static Map<String, String> runConfig() {
        return one(ConfigMap.class, "loadlab-run").getData();
    }

    private static String expand(String arg) {
        Map<String, String> run = runConfig();
        Matcher m = VAR.matcher(arg);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            assertThat(run).as("$(" + m.group(1) + ") is defined in the ConfigMap").containsKey(m.group(1));
            m.appendReplacement(b, Matcher.quoteReplacement(run.get(m.group(1))));
        }
        return m.appendTail(b).toString();
    }

    private static PodSpec podSpec(HasMetadata o) {
        PodTemplateSpec template = o instanceof Deployment d ? d.getSpec().getTemplate()
                : o instanceof Job j ? j.getSpec().getTemplate() : null;
        return template != null ? template.getSpec() : o instanceof Pod p ? p.getSpec() : null;
    }

    private static Map<String, String> mounts(PodSpec pod) {
        Map<String, String> mounts = new LinkedHashMap<>();
        pod.getContainers().getFirst().getVolumeMounts().forEach(m -> mounts.put(m.getName(), m.getMountPath()));
        return mounts;
    }

    private static <T extends HasMetadata> List<T> of(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> matches = of(type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertThat(matches).as(type.getSimpleName() + " " + name).hasSize(1);
        return matches.getFirst();
    }

    /** Paths of every non-empty {@code additionalProperties} in the object graph: fields the model does not know. */
    private static List<String> unknownFields(Object o, String path, IdentityHashMap<Object, Boolean> seen) {
        List<String> unknown = new ArrayList<>();
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return unknown;
        }
        if (o instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknown.addAll(unknownFields(list.get(i), path + "[" + i + "]", seen));
            }
            return unknown;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknown.addAll(unknownFields(v, path + "." + k, seen)));
            return unknown;
        }
        if (!o.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return unknown;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object value = m.invoke(o);
                if (m.getName().equals("getAdditionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else {
                    unknown.addAll(unknownFields(value, path + "." + m.getName().substring(3), seen));
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a computed getter that does not apply to this object: not a field
            }
        }
        return unknown;
    }
}
