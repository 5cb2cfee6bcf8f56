package io.socketgrid.client.transport.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.socketgrid.client.transport.Transport;
import io.socketgrid.client.transport.WireListener;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Netty (NIO) as a {@link Transport}: every connection of the transport shares one event-loop group of a fixed
 * number of threads, which runs the I/O and every {@link WireListener} callback. Binds a source address on any
 * Java version ({@code Bootstrap.connect(remote, local)}), which the JDK transport cannot do before Java 19, and
 * keeps no read buffer while a connection is idle (Netty's pooled buffers go back to the pool after each read).
 *
 * <p>Needs {@code io.netty:netty-codec-http} on the class path: an optional dependency of the client, which the
 * load generator brings. {@code wss://} trusts the JVM's default trust store (so
 * {@code -Djavax.net.ssl.trustStore=…} works as for the JDK client) and checks the host name.
 *
 * <p>Per connection: the socket, its pipeline (HTTP codec and aggregator only during the opening handshake,
 * then the WebSocket frame codec and a fragment aggregator bounded by {@code maxInboundBytes}), and what waits to
 * be written, bounded by {@code maxOutboundBytes} (over it the connection is aborted, as the JDK transport does).
 */
public final class NettyTransport implements Transport {

    /** How long a close we started may wait for the server's close frame before the socket is dropped. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final EventLoopGroup group;
    private final int maxOutboundBytes;
    private final int maxInboundBytes;
    private final Bootstrap bootstrap;
    private volatile SslContext ssl;

    /**
     * @param ioThreads event-loop threads shared by every connection (one handles thousands of idle sockets)
     * @param maxOutboundBytes bytes that may wait to be written on one connection before it is aborted
     * @param maxInboundBytes the longest message accepted (fragments joined); a longer one closes with 1009
     */
    public NettyTransport(int ioThreads, int maxOutboundBytes, int maxInboundBytes) {
        if (ioThreads < 1 || maxOutboundBytes < 1 || maxInboundBytes < 1) {
            throw new IllegalArgumentException("threads and bounds must be positive");
        }
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("socketgrid-netty", true),
                NioIoHandler.newFactory());
        this.maxOutboundBytes = maxOutboundBytes;
        this.maxInboundBytes = maxInboundBytes;
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(Math.min(32 * 1024, maxOutboundBytes / 2), maxOutboundBytes));
    }

    /** One I/O thread, 1 MiB outbound, 16 MiB inbound: the JDK transport's bounds, in bytes. */
    public static NettyTransport create() {
        return new NettyTransport(1, 1 << 20, 16 << 20);
    }

    @Override
    public void open(URI uri, InetAddress localAddress, Duration connectTimeout, WireListener listener) {
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        if (!secure && !"ws".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("not a ws:// or wss:// URI: " + uri);
        }
        String host = uri.getHost();
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        InetSocketAddress remote;
        try {
            remote = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            listener.closed(1006, "could not open: unknown host " + host);
            return;
        }
        SslContext tls = secure ? sslContext() : null;
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
        NettyWire wire = new NettyWire(listener);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .customHeaders(new DefaultHttpHeaders())
                .generateOriginHeader(false)
                .allowExtensions(false)
                .maxFramePayloadLength(maxInboundBytes)
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(timeoutMillis)
                .build();
        Bootstrap attempt = bootstrap.clone()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (tls != null) {
                            pipeline.addLast(tlsHandler(tls, channel, host, port));
                        }
                        pipeline.addLast(new HttpClientCodec(),
                                new HttpObjectAggregator(16 * 1024),
                                new WebSocketClientProtocolHandler(config),
                                new WebSocketFrameAggregator(maxInboundBytes),
                                wire);
                    }
                });
        ChannelFuture connecting = localAddress == null
                ? attempt.connect(remote)
                : attempt.connect(remote, new InetSocketAddress(localAddress, 0));
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                wire.failedToOpen(done.cause());
            }
        });
    }

    private static SslHandler tlsHandler(SslContext tls, Channel channel, String host, int port) {
        SslHandler handler = tls.newHandler(channel.alloc(), host, port);
        SSLParameters parameters = handler.engine().getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        handler.engine().setSSLParameters(parameters);
        return handler;
    }

    private SslContext sslContext() {
        SslContext context = ssl;
        if (context == null) {
            synchronized (this) {
                if (ssl == null) {
                    try {
                        ssl = SslContextBuilder.forClient().build(); // the JVM's default trust managers
                    } catch (SSLException e) {
                        throw new IllegalStateException("cannot set up TLS", e);
                    }
                }
                context = ssl;
            }
        }
        return context;
    }

    /** Closes every connection at once (no closing handshake) and stops the I/O threads, waiting up to 5 s. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
