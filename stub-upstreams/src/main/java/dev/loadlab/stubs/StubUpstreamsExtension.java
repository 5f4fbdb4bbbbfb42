package dev.loadlab.stubs;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension running the stub upstreams for a test class. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final StubUpstreamsExtension STUBS = new StubUpstreamsExtension(StubConfig.builder().latencyMs(20).build());
 * }</pre>
 *
 * <p>Static: one server for the class, and before each test the config goes back to the one given here, so faults
 * set by one test do not leak into the next. On an instance field: one server per test. Test methods can also take
 * a {@link StubUpstreams} parameter.
 */
public final class StubUpstreamsExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private final StubConfig config;
    private StubUpstreams stubs;
    private boolean perTest;

    /** Defaults: free port, fixed 100 ms per API, no faults. */
    public StubUpstreamsExtension() {
        this(StubConfig.defaults());
    }

    public StubUpstreamsExtension(StubConfig config) {
        this.config = config;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stubs = StubUpstreams.start(config);
        perTest = false;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (stubs == null) {
            stubs = StubUpstreams.start(config);
            perTest = true;
        } else {
            stubs.reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private void stop() {
        if (stubs != null) {
            stubs.close();
            stubs = null;
        }
    }

    /** The running stubs. */
    public StubUpstreams stubs() {
        if (stubs == null) {
            throw new IllegalStateException("stub upstreams are not running: register the extension with @RegisterExtension");
        }
        return stubs;
    }

    public String locationUrl() {
        return stubs().locationUrl();
    }

    public String sunUrl() {
        return stubs().sunUrl();
    }

    public String weatherUrl() {
        return stubs().weatherUrl();
    }

    public String adminUrl() {
        return stubs().adminUrl();
    }

    /** Changes latency and faults for the current test (undone before the next test). */
    public void update(StubConfig next) {
        stubs().update(next);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == StubUpstreams.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return stubs();
    }
}
