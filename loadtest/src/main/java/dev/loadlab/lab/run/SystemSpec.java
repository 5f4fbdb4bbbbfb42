package dev.loadlab.lab.run;

import dev.loadlab.lab.scenario.Scenario;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One embedded system a run starts: the fake upstreams (one stub process), the lab's own service when a variant
 * is one of its modes, and the variants a scenario starts by command. {@code compare} starts one; {@code gate}
 * starts two ({@code base} and {@code head}) whose variants are {@code base-async}, {@code head-async}, ...
 *
 * @param name          names the system in logs ({@code logs/<name>/} when a run has several)
 * @param serviceJar    the service jar to run; null = this checkout's {@code service/target/service.jar}
 * @param serviceConfig service config keys handed to the service as system properties
 * @param variantModes  variant name to the service mode it requests ({@code /api/<mode>}); empty = no service
 * @param commands      variant name to the scenario variant started by its command
 */
public record SystemSpec(String name, Path serviceJar, Map<String, String> serviceConfig,
                         Map<String, String> variantModes, Map<String, Scenario.Variant> commands) {

    public SystemSpec {
        serviceConfig = Collections.unmodifiableMap(new LinkedHashMap<>(serviceConfig));
        variantModes = Collections.unmodifiableMap(new LinkedHashMap<>(variantModes));
        commands = Collections.unmodifiableMap(new LinkedHashMap<>(commands));
    }

    public SystemSpec(String name, Path serviceJar, Map<String, String> serviceConfig,
                      Map<String, String> variantModes) {
        this(name, serviceJar, serviceConfig, variantModes, Map.of());
    }

    /** Whether it serves the variant. */
    public boolean serves(String variant) {
        return variantModes.containsKey(variant) || commands.containsKey(variant);
    }

    /** Whether the lab's own service is part of it. */
    public boolean startsService() {
        return !variantModes.isEmpty();
    }

    /** The blocking pool size this system's service runs with (the service's default when not set). */
    public int blockingPoolSize() {
        String value = serviceConfig.getOrDefault("blocking.pool-size", "64");
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new LabException("blocking.pool-size=" + value + " of system " + name + " is not a number");
        }
    }
}
