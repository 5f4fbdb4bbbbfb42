package dev.loadlab.lab.run;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One embedded system a run starts: stub upstreams plus a service JVM, and the variants it serves.
 * {@code compare} starts one whose variants are the service's modes; {@code gate} starts two
 * ({@code base} and {@code head}) whose variants are {@code base-async}, {@code head-async}, ...
 *
 * @param name          names the system in logs ({@code logs/<name>/} when a run has several)
 * @param serviceJar    the service jar to run; null = this checkout's {@code service/target/service.jar}
 * @param serviceConfig service config keys handed to the service as system properties
 * @param variantModes  variant name to the service mode it requests ({@code /api/<mode>})
 */
public record SystemSpec(String name, Path serviceJar, Map<String, String> serviceConfig,
                         Map<String, String> variantModes) {

    public SystemSpec {
        serviceConfig = Collections.unmodifiableMap(new LinkedHashMap<>(serviceConfig));
        variantModes = Collections.unmodifiableMap(new LinkedHashMap<>(variantModes));
    }

    /** A system whose variants are its modes, as {@code compare} runs it. */
    public static SystemSpec modes(String name, Map<String, String> serviceConfig, List<String> modes) {
        Map<String, String> variantModes = new LinkedHashMap<>();
        modes.forEach(mode -> variantModes.put(mode, mode));
        return new SystemSpec(name, null, serviceConfig, variantModes);
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
