package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.extension.AdminApiExtension;
import com.github.tomakehurst.wiremock.admin.Router;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * Admin API routes to read and change latency and faults while the stub runs, of the built-in APIs and the mapped
 * upstreams alike (each keyed by its name):
 * <ul>
 *     <li>{@code GET  {admin}/loadlab/config} the config in force, as JSON</li>
 *     <li>{@code POST {admin}/loadlab/config} a partial JSON config applied on top; answers the new config, or 400</li>
 *     <li>{@code POST {admin}/loadlab/config/reset} back to the config the stub started with</li>
 *     <li>{@code GET  {admin}/loadlab/faults} faults injected so far, per upstream and kind ({@link FaultCounts})</li>
 * </ul>
 */
final class ConfigAdminRoutes implements AdminApiExtension {
    static final String PATH = "/loadlab/config";
    static final String FAULTS_PATH = "/loadlab/faults";

    private final ConfigHolder holder;
    private final FaultCounts injected;

    ConfigAdminRoutes(ConfigHolder holder, FaultCounts injected) {
        this.holder = holder;
        this.injected = injected;
    }

    @Override
    public String getName() {
        return "loadlab-config";
    }

    @Override
    public void contributeAdminApiRoutes(Router router) {
        router.add(RequestMethod.GET, PATH, (admin, serveEvent, pathParams) -> json(200, holder.get().toJson()));
        router.add(RequestMethod.POST, PATH, (admin, serveEvent, pathParams) -> {
            try {
                return json(200, holder.applyJson(serveEvent.getRequest().getBodyAsString()).toJson());
            } catch (IllegalArgumentException e) {
                return json(400, Json.getObjectMapper().createObjectNode().put("error", e.getMessage()).toString());
            }
        });
        router.add(RequestMethod.POST, PATH + "/reset",
                   (admin, serveEvent, pathParams) -> json(200, holder.set(holder.initial()).toJson()));
        router.add(RequestMethod.GET, FAULTS_PATH, (admin, serveEvent, pathParams) -> json(200, injected.toJson()));
    }

    private static ResponseDefinition json(int status, String body) {
        return responseDefinition().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)
                .build();
    }
}
