package dev.hedge.benchmarks.floor;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayDeque;

/**
 * The floor under Hedge: a reverse proxy of one JSON POST and nothing else, on the libraries Hedge is built on, for
 * {@code benchmarks/load/floor.sh}. {@code vertx}: Vert.x's HTTP server and client, one of each per event loop, the
 * request body read whole, sent upstream, the answer read whole and sent back (what Hedge's I/O does, without
 * Hedge). {@code netty}: the same on Netty's HTTP codecs alone, with a pool of upstream connections per event loop.
 * No authentication, parsing, metering, ledger or metrics: what remains is what the libraries and the kernel cost.
 * Both run on Netty's native epoll transport where it loads, as Hedge does, else on Java NIO.
 *
 * <pre>java -cp … dev.hedge.benchmarks.floor.BareProxy vertx|netty PORT UPSTREAM_PORT</pre>
 */
public final class BareProxy {

    private static final boolean EPOLL = Epoll.isAvailable();
    private static final AttributeKey<Channel> CLIENT = AttributeKey.valueOf("client");
    private static final FastThreadLocal<ArrayDeque<Channel>> IDLE = new FastThreadLocal<>() {
        @Override
        protected ArrayDeque<Channel> initialValue() {
            return new ArrayDeque<>();
        }
    };

    private BareProxy() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3 || !(args[0].equals("vertx") || args[0].equals("netty"))) {
            System.err.println("usage: BareProxy vertx|netty PORT UPSTREAM_PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        int upstream = Integer.parseInt(args[2]);
        if (args[0].equals("vertx")) {
            vertx(port, upstream);
        } else {
            netty(port, upstream);
        }
    }

    private static void vertx(int port, int upstream) {
        int loops = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                        new PoolOptions().setHttp1MaxSize(1024));
                vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> client
                        .request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(upstream)
                                .setURI(request.uri()).putHeader("content-type", "application/json")
                                .putHeader("authorization", "Bearer sk-mock"))
                        .compose(upstreamRequest -> upstreamRequest.send(body))
                        .compose(answer -> answer.body())
                        .onSuccess(answer -> request.response().putHeader("content-type", "application/json").end(answer))
                        .onFailure(error -> request.response().setStatusCode(502).end())))
                        .listen(port, "127.0.0.1");
            }
        }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture().join();
    }

    private static void netty(int port, int upstream) throws InterruptedException {
        IoHandlerFactory io = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> serverChannel =
                EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, io);
        new ServerBootstrap().group(acceptor, loops).channel(serverChannel)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new FromClient(upstream));
                    }
                })
                .bind("127.0.0.1", port).sync();
    }

    /** A client's request: sent upstream on an idle connection of this event loop, or a new one. */
    private static final class FromClient extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final int upstream;

        FromClient(int upstream) {
            this.upstream = upstream;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
            Channel client = context.channel();
            FullHttpRequest forward = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                    io.netty.handler.codec.http.HttpMethod.POST, request.uri(), request.content().retain());
            forward.headers().set("host", "127.0.0.1").set("content-type", "application/json")
                    .set("authorization", "Bearer sk-mock").setInt("content-length", request.content().readableBytes());
            Channel idle = IDLE.get().poll();
            if (idle != null && idle.isActive()) {
                idle.attr(CLIENT).set(client);
                idle.writeAndFlush(forward);
                return;
            }
            new Bootstrap().group(client.eventLoop()).channel(EPOLL ? EpollSocketChannel.class : NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                    new FromUpstream());
                        }
                    })
                    .connect("127.0.0.1", upstream).addListener((ChannelFutureListener) connected -> {
                        if (!connected.isSuccess()) {
                            forward.release();
                            client.close();
                            return;
                        }
                        connected.channel().attr(CLIENT).set(client);
                        connected.channel().writeAndFlush(forward);
                    });
        }
    }

    /** The upstream's answer: back to the client that asked, and the connection back to the pool. */
    private static final class FromUpstream extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpResponse answer) {
            Channel client = context.channel().attr(CLIENT).getAndSet(null);
            IDLE.get().push(context.channel());
            FullHttpResponse back = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer.status(),
                    answer.content().retain());
            back.headers().set("content-type", "application/json")
                    .setInt("content-length", answer.content().readableBytes());
            if (client != null) {
                client.writeAndFlush(back);
            } else {
                back.release();
            }
        }
    }
}
