package io.socketgrid.client.transport.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.socketgrid.client.transport.Wire;
import io.socketgrid.client.transport.WireListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NettyTransport against an in-process Netty WebSocket server on 127.0.0.1 that answers each text with the
 * peer's address and the text, each binary message with its length, and {@code close:<code>} with a close frame.
 */
class NettyTransportTest {

    private static EventLoopGroup serverGroup;
    private static Channel serverChannel;
    private static URI uri;

    @BeforeAll
    static void startServer() throws Exception {
        serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        serverChannel = new ServerBootstrap().group(serverGroup).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler("/ws"), new Echo());
                    }
                })
                .bind(InetAddress.getByName("127.0.0.1"), 0).sync().channel();
        uri = URI.create("ws://127.0.0.1:" + ((InetSocketAddress) serverChannel.localAddress()).getPort() + "/ws");
    }

    @AfterAll
    static void stopServer() {
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            String peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
            if (frame instanceof TextWebSocketFrame text && text.text().startsWith("close:")) {
                ctx.writeAndFlush(new CloseWebSocketFrame(Integer.parseInt(text.text().substring(6)), "bye"));
            } else if (frame instanceof TextWebSocketFrame text) {
                ctx.writeAndFlush(new TextWebSocketFrame(peer + " " + text.text()));
            } else if (frame instanceof BinaryWebSocketFrame binary) {
                ctx.writeAndFlush(new TextWebSocketFrame("binary " + binary.content().readableBytes()));
            }
        }
    }

    /** Every callback as a line, in order. */
    private static final class Recorder implements WireListener {
        final BlockingQueue<Object> heard = new LinkedBlockingQueue<>();

        @Override
        public void opened(Wire wire) {
            heard.add(wire);
        }

        @Override
        public void text(String message) {
            heard.add(message);
        }

        @Override
        public void binary(int length) {
            heard.add("binary in " + length);
        }

        @Override
        public void closed(int code, String reason) {
            heard.add("closed " + code + " " + reason);
        }

        Object next() throws InterruptedException {
            Object item = heard.poll(10, TimeUnit.SECONDS);
            assertNotNull(item, "a callback within 10 s");
            return item;
        }
    }

    @Test
    void textBinaryAndTheServersClose() throws Exception {
        try (NettyTransport transport = NettyTransport.create()) {
            Recorder recorder = new Recorder();
            transport.open(uri, null, Duration.ofSeconds(5), recorder);
            Wire wire = (Wire) recorder.next();
            assertTrue(wire.sendText("hello"));
            assertEquals("127.0.0.1 hello", recorder.next());
            assertTrue(wire.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3})));
            assertEquals("binary 3", recorder.next());
            wire.sendText("close:4001");
            assertEquals("closed 4001 bye", recorder.next());
        }
    }

    @Test
    void bindsTheSourceAddress() throws Exception {
        try (NettyTransport transport = NettyTransport.create()) {
            Recorder recorder = new Recorder();
            transport.open(uri, InetAddress.getByName("127.0.0.2"), Duration.ofSeconds(5), recorder);
            Wire wire = (Wire) recorder.next();
            wire.sendText("hi");
            assertEquals("127.0.0.2 hi", recorder.next(), "the server sees the bound source address");
            wire.close(1000, "done");
            assertEquals("closed 1000 done", recorder.next(), "the server echoes our close");
            assertTrue(!wire.sendText("late"), "nothing is sent after a close");
        }
    }

    @Test
    void aRefusedConnectionEndsWith1006() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        try (NettyTransport transport = NettyTransport.create()) {
            Recorder recorder = new Recorder();
            transport.open(URI.create("ws://127.0.0.1:" + port + "/ws"), null, Duration.ofSeconds(5), recorder);
            String closed = (String) recorder.next();
            assertTrue(closed.startsWith("closed 1006 could not open"), closed);
        }
    }

    @Test
    void aRefusedUpgradeEndsWith1006() throws Exception {
        try (NettyTransport transport = NettyTransport.create()) {
            Recorder recorder = new Recorder();
            transport.open(URI.create(uri.toString().replace("/ws", "/elsewhere")), null, Duration.ofSeconds(2), recorder);
            String closed = (String) recorder.next();
            assertTrue(closed.startsWith("closed 1006 could not open"), closed);
        }
    }
}
