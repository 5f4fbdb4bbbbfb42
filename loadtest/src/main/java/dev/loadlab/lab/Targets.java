package dev.loadlab.lab;

import dev.loadlab.lab.run.LabException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --target NAME=URL}: services the lab measures instead of starting its own. Loopback only by default. */
final class Targets {

    private Targets() {
    }

    static Map<String, String> validate(Map<String, String> targets, boolean allowRemote) {
        Map<String, String> valid = new LinkedHashMap<>();
        targets.forEach((name, url) -> {
            if (!name.matches("[A-Za-z0-9_.-]{1,32}")) {
                throw new LabException("--target name '" + name + "' is not allowed: use 1-32 letters, digits, '.', '_' or '-'");
            }
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new LabException("--target " + name + "=" + url + " is not a URL: use e.g."
                        + " http://127.0.0.1:8080/api/async");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new LabException("--target " + name + "=" + url + " must be an http(s) URL with a host, e.g."
                        + " http://127.0.0.1:8080/api/async");
            }
            if (!allowRemote && !isLoopback(uri.getHost())) {
                throw new LabException("--target " + name + " points at " + uri.getHost() + ", which is not a loopback"
                        + " address: load only what you own; add --allow-remote if you really mean it");
            }
            valid.put(name, url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        });
        return valid;
    }

    /**
     * A Kubernetes Service's cluster-internal name: {@code <service>.<namespace>.svc} or
     * {@code <service>.<namespace>.svc.<clusterDomain>}. Such a name resolves only inside the cluster, so
     * load sent to it stays inside the cluster. Short names are refused: DNS search paths could take them anywhere.
     */
    static boolean isClusterService(String host, String clusterDomain) {
        String label = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
        String domain = java.util.regex.Pattern.quote(clusterDomain.toLowerCase(java.util.Locale.ROOT));
        return host.toLowerCase(java.util.Locale.ROOT).matches(label + "\\." + label + "\\.svc(\\." + domain + ")?\\.?");
    }

    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if ("localhost".equalsIgnoreCase(bare)) {
            return true;
        }
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false; // a name other than localhost could resolve anywhere
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
