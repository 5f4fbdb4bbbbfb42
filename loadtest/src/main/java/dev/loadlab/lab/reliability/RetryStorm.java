package dev.loadlab.lab.reliability;

import dev.loadlab.lab.run.LabException;
import dev.loadlab.lab.run.VariantRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A retry storm: closed-loop HTTP/1.1 users that send again the moment an answer (503 included) or a failure
 * arrives, some over one kept-alive connection each, some on a new connection per request ({@code Connection:
 * close}), for a fixed time. Every request is recorded as the episode's request log records Gatling's.
 *
 * <p>It runs in the lab's JVM on one Netty event loop, not in Gatling: Gatling's per-request work (session, checks,
 * recording) capped its storm at 3-4.5k req/s on two cores shared with the service, where wrk drives the same
 * service at 22-30k. A storm limited by its own client measures the client: 500 users at 4k req/s wait 125 ms per
 * answer by Little's law, however fast the service sheds.
 *
 * <p>A request's clock starts when it is written, or when its connection is opened if it needs one (a storm of new
 * connections waits in the accept queue, and that wait is the service's). The request sent is the scenario's first,
 * as the preflight sends it. All state lives on the event loop's thread.
 */
final class RetryStorm implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(5);

    private final String stage;
    private final long deadlineNanos;
    private final long maxRequests;
    private final int okStatus;
    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<User> users = new ArrayList<>();
    private final List<FullHttpRequest> templates = new ArrayList<>();
    private final List<RequestLog.Request> requests = new ArrayList<>(); // the event loop's thread only
    private final CountDownLatch usersDone;
    private final Duration waitAtMost;
    private long sent;

    private RetryStorm(EpisodeRunner.Stage stage, Duration requestTimeout, long maxRequests, int okStatus) {
        this.stage = stage.name();
        this.deadlineNanos = System.nanoTime() + stage.length().toNanos();
        this.maxRequests = maxRequests;
        this.okStatus = okStatus;
        this.usersDone = new CountDownLatch(stage.keepAliveUsers() + stage.newConnectionUsers());
        this.waitAtMost = stage.length().plus(requestTimeout).plus(GRACE);
    }

    /**
     * Starts the stage's users now, taking turns over the targets, and returns at once.
     *
     * @param request what every user sends: the scenario's first request
     */
    static RetryStorm start(EpisodeRunner.Stage stage, List<ReliabilityScenario.Target> targets,
                            VariantRequest.First request, Duration requestTimeout, long maxRequests) {
        RetryStorm storm = new RetryStorm(stage, requestTimeout, maxRequests, request.okStatus());
        int users = stage.keepAliveUsers() + stage.newConnectionUsers();
        for (int i = 0; i < users; i++) {
            ReliabilityScenario.Target target = targets.get(i % targets.size());
            storm.users.add(storm.new User(target.name(), URI.create(request.url(target.url())),
                    i >= stage.keepAliveUsers(), request, requestTimeout));
        }
        storm.users.forEach(user -> storm.loop.execute(user::next));
        return storm;
    }

    /** Waits for the storm's end (its last answers, each bounded by the request timeout) and returns its requests. */
    List<RequestLog.Request> await() {
        try {
            if (!usersDone.await(waitAtMost.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new LabException("the retry storm's users did not stop within " + waitAtMost.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while waiting for the retry storm", e);
        }
        close();
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        templates.forEach(FullHttpRequest::release);
        templates.clear();
    }

    private boolean over() {
        return sent >= maxRequests || System.nanoTime() >= deadlineNanos;
    }

    /** One closed-loop user: one request at a time, the next as soon as this one ends. */
    private final class User {
        private final String variant;
        private final boolean newConnections;
        private final FullHttpRequest template;
        private final Bootstrap bootstrap;
        private final InetSocketAddress address;
        private Channel channel;
        private boolean awaiting;
        private boolean done;
        private long sentNanos;
        private long sentAtMs;
        private int status;

        User(String variant, URI url, boolean newConnections, VariantRequest.First request, Duration timeout) {
            this.variant = variant;
            this.newConnections = newConnections;
            this.address = new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
            this.template = template(url, request, newConnections);
            templates.add(template);
            this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS),
                                    new HttpClientCodec(), new Answers(User.this));
                        }
                    });
        }

        /** Sends the next request, on the open connection or a new one; or stops, once the storm is over. */
        void next() {
            if (over()) {
                stop();
                return;
            }
            sent++;
            awaiting = true;
            status = 0;
            sentNanos = System.nanoTime();
            sentAtMs = System.currentTimeMillis();
            if (channel != null && channel.isActive()) {
                write();
                return;
            }
            ChannelFuture connecting = bootstrap.connect(address);
            channel = connecting.channel(); // before the listener, which may run at once
            connecting.addListener((ChannelFutureListener) connected -> {
                if (connected.isSuccess()) {
                    write();
                } else {
                    failed(connected.cause());
                }
            });
        }

        private void write() {
            channel.writeAndFlush(template.retainedDuplicate())
                    .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        }

        void answered(int answerStatus, boolean keepAlive) {
            if (!awaiting) {
                return;
            }
            record(answerStatus, answerStatus == okStatus ? "ok" : "status " + answerStatus);
            if (newConnections || !keepAlive) {
                channel.close(); // channelInactive sends the next one
            } else {
                next();
            }
        }

        /** A request that got no answer: recorded, then the next one at once, on a new connection. */
        void failed(Throwable cause) {
            if (awaiting) {
                record(0, cause instanceof ReadTimeoutException || cause instanceof ConnectTimeoutException
                        ? "timeout" : "connection");
            }
            Channel failed = channel;
            channel = null;
            if (failed != null && failed.isOpen()) {
                failed.close();
            }
            // not from inside the failed connect's own listener: a refused port may answer synchronously
            loop.execute(this::next);
        }

        void closed(Channel which) {
            if (which != channel || done) {
                return; // an earlier connection, or one this user already gave up
            }
            if (awaiting) {
                failed(new LabException("connection closed before the answer"));
            } else {
                channel = null;
                next();
            }
        }

        private void record(int answerStatus, String cause) {
            awaiting = false;
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentNanos);
            requests.add(new RequestLog.Request(sentAtMs, variant, stage, answerStatus, tookMs, cause));
        }

        private void stop() {
            if (done) {
                return;
            }
            done = true;
            if (channel != null) {
                channel.close();
            }
            usersDone.countDown();
        }
    }

    /** Reads one user's answers: the status from the head, the end from the last content. */
    private static final class Answers extends SimpleChannelInboundHandler<HttpObject> {
        private final User user;
        private int status;
        private boolean keepAlive;

        Answers(User user) {
            this.user = user;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
            if (message instanceof HttpResponse response) {
                status = response.status().code();
                keepAlive = HttpUtil.isKeepAlive(response);
            }
            if (message instanceof LastHttpContent) {
                user.answered(status, keepAlive);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ctx.channel() == user.channel) {
                user.failed(cause);
            } else {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            user.closed(ctx.channel());
        }
    }

    private static FullHttpRequest template(URI url, VariantRequest.First request, boolean closeConnection) {
        String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        FullHttpRequest template = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                HttpMethod.valueOf(request.method()), target.isEmpty() ? "/" : target,
                request.body() == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(request.body(), StandardCharsets.UTF_8));
        template.headers().set(HttpHeaderNames.HOST, url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()))
                .set(HttpHeaderNames.ACCEPT, "application/json");
        request.headers().forEach((name, value) -> template.headers().set(name, value));
        if (request.body() != null) {
            HttpUtil.setContentLength(template, template.content().readableBytes());
        }
        if (closeConnection) {
            template.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return template;
    }
}
