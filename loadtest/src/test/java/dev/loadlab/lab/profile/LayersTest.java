package dev.loadlab.lab.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadlab.lab.profile.Layers.Layer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayersTest {

    private final Layers layers = new Layers();

    @Test
    void the_first_frame_from_the_top_that_has_a_layer_decides() {
        assertThat(layers.classify(List.of("java.util.HashMap", "io.helidon.webserver.http1.Http1Connection",
                "dev.loadlab.service.SunService"))).isEqualTo(Layer.HTTP_SERVER);
        assertThat(layers.classify(List.of("com.fasterxml.jackson.core.json.WriterBasedJsonGenerator",
                "dev.loadlab.service.SunService"))).isEqualTo(Layer.JSON);
        assertThat(layers.classify(List.of("java.lang.String", "dev.loadlab.service.Reports",
                "io.helidon.webserver.http.HttpRouting"))).isEqualTo(Layer.APP);
    }

    @Test
    void a_pinned_stack_is_told_by_where_it_blocked_and_the_applications_frames() {
        List<String> frames = List.of("java.lang.VirtualThread.park:755", "sun.nio.ch.NioSocketImpl.read:354",
                "io.helidon.webclient.http1.Http1CallChainBase.readResponse:210",
                "dev.loadlab.service.UpstreamHttp.get:104", "dev.loadlab.service.HttpUpstreams$$Lambda.0x1.get",
                "jdk.internal.foreign.abi.UpcallStub.invoke",
                "dev.loadlab.service.Pinning$NativeFrame.run:121", "dev.loadlab.service.PinnedUpstreams.location:19");
        assertThat(JfrAnalysis.condensed(frames, layers, 3)).containsExactly("java.lang.VirtualThread.park:755",
                "dev.loadlab.service.UpstreamHttp.get:104", "dev.loadlab.service.Pinning$NativeFrame.run:121");
        assertThat(JfrAnalysis.condensed(frames.subList(0, 3), layers, 2)).as("no application frame: the top ones")
                .containsExactly("java.lang.VirtualThread.park:755", "sun.nio.ch.NioSocketImpl.read:354");
    }

    @Test
    void socket_code_of_the_jdk_is_the_kernel_layer_whoever_called_it() {
        assertThat(layers.classify(List.of("sun.nio.ch.NioSocketImpl", "java.net.Socket$SocketInputStream",
                "io.helidon.webclient.http1.Http1ClientConnection"))).isEqualTo(Layer.KERNEL);
        assertThat(layers.classify(List.of("sun.nio.ch.EPoll", "sun.nio.ch.EPollPoller"))).isEqualTo(Layer.KERNEL);
    }

    @Test
    void http_plumbing_shared_by_server_and_client_goes_to_whichever_called_it() {
        assertThat(layers.classify(List.of("io.helidon.http.HeadersImpl", "io.helidon.common.buffers.BufferData",
                "io.helidon.webclient.api.HttpClientRequest"))).isEqualTo(Layer.HTTP_CLIENT);
        assertThat(layers.classify(List.of("io.helidon.http.HeadersImpl", "io.helidon.webserver.ServerConnection")))
                .isEqualTo(Layer.HTTP_SERVER);
        assertThat(layers.classify(List.of("jdk.internal.net.http.Http1Exchange"))).isEqualTo(Layer.HTTP_CLIENT);
        assertThat(layers.classify(List.of("sun.net.httpserver.ServerImpl$Exchange"))).isEqualTo(Layer.HTTP_SERVER);
    }

    @Test
    void netty_decoding_an_answer_on_an_event_loop_is_the_http_client() {
        // the codec's client half is on the stack; Vert.x's connection is called only after decoding
        assertThat(layers.classify(List.of("io.netty.handler.codec.http.HttpObjectDecoder",
                "io.netty.handler.codec.http.HttpClientCodec$Decoder", "io.netty.handler.codec.ByteToMessageDecoder",
                "io.netty.channel.nio.NioEventLoop"))).isEqualTo(Layer.HTTP_CLIENT);
        assertThat(layers.classify(List.of("java.util.ArrayList",
                "io.vertx.core.http.impl.Http1xClientConnection$StreamImpl", "io.netty.channel.nio.NioEventLoop")))
                .isEqualTo(Layer.HTTP_CLIENT);
        assertThat(layers.classify(List.of("io.netty.handler.codec.http.HttpObjectDecoder",
                "io.netty.handler.codec.http.HttpServerCodec$HttpServerRequestDecoder"))).isEqualTo(Layer.HTTP_SERVER);
        assertThat(layers.classify(List.of("io.netty.buffer.PooledByteBufAllocator", "io.netty.channel.nio.NioEventLoop")))
                .as("Netty's own plumbing, with nothing above it that says who it serves").isEqualTo(Layer.OTHER);
    }

    @Test
    void json_of_helidon_media_and_jakarta_counts_as_json() {
        assertThat(layers.classify(List.of("io.helidon.http.media.jackson.JacksonSupport",
                "io.helidon.webserver.http.ServerResponseImpl"))).isEqualTo(Layer.JSON);
        assertThat(layers.classify(List.of("jakarta.json.spi.JsonProvider"))).isEqualTo(Layer.JSON);
    }

    @Test
    void nothing_known_on_the_stack_is_other() {
        assertThat(layers.classify(List.of("java.util.concurrent.ForkJoinPool", "java.lang.Thread")))
                .isEqualTo(Layer.OTHER);
        assertThat(layers.classify(List.of())).isEqualTo(Layer.OTHER);
    }

    @Test
    void a_scenario_variants_own_package_is_app_code() {
        Layers quote = new Layers(List.of("com.example.quote"));
        assertThat(quote.classify(List.of("java.lang.Math", "com.example.quote.PriceCalculator")))
                .isEqualTo(Layer.APP);
        assertThat(quote.classify(List.of("com.example.quoteother.X"))).as("a prefix ends at a package")
                .isEqualTo(Layer.OTHER);
    }

    @Test
    void a_variants_package_comes_from_its_main_class() {
        assertThat(JvmCheck.mainPackage(List.of("{java}", "-Xmx1g", "-cp", "app.jar", "com.example.shop.Main",
                "--port", "8080"), Path.of("."))).contains("com.example.shop");
        assertThat(JvmCheck.mainPackage(List.of("{java}", "-jar", "missing.jar"), Path.of("."))).isEmpty();
        assertThat(JvmCheck.runsJava(List.of("{java}", "-jar", "x.jar"))).isTrue();
        assertThat(JvmCheck.runsJava(List.of("/opt/jdk/bin/java", "-jar", "x.jar"))).isTrue();
        assertThat(JvmCheck.runsJava(List.of("node", "server.js"))).isFalse();
    }
}
