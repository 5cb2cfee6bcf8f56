package io.socketgrid.client.transport.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.socketgrid.client.transport.Wire;
import io.socketgrid.client.transport.WireListener;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One Netty WebSocket connection: the last handler of its pipeline, which reports to a {@link WireListener}, and
 * the {@link Wire} that writes on its channel.
 *
 * <p>Every callback to the listener runs on the channel's event loop, so they are never concurrent for one
 * connection, and {@link WireListener#closed} is reported once: after a close frame (its code), when the socket
 * ends without one (1006), or when it could not be opened (1006). After {@link #abort} nothing is reported.
 * The sending methods may be called from any thread; Netty writes in the order of the calls of each thread.
 */
final class NettyWire extends ChannelInboundHandlerAdapter implements Wire {

    private final WireListener listener;

    private volatile Channel channel;
    private volatile boolean closeSent;
    // touched on the event loop only
    private boolean opened;
    private boolean finished;
    private int closeCode = -1;
    private String closeReason = "";
    // set from any thread by abort(): no callback after it
    private volatile boolean aborted;

    NettyWire(WireListener listener) {
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            opened = true;
            if (!aborted) {
                listener.opened(this);
            }
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            finish(1006, "could not open: the opening handshake timed out");
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            if (finished || aborted) {
                return;
            }
            if (message instanceof TextWebSocketFrame text) {
                listener.text(text.text());
            } else if (message instanceof BinaryWebSocketFrame binary) {
                listener.binary(binary.content().readableBytes());
            } else if (message instanceof CloseWebSocketFrame close) {
                closeReceived(ctx, close.statusCode(), close.reasonText());
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void closeReceived(ChannelHandlerContext ctx, int code, String reason) {
        closeCode = code < 0 ? 1005 : code;
        closeReason = reason == null ? "" : reason;
        if (closeSent) {
            ctx.close();
        } else {
            closeSent = true; // answer with the same code, then the server ends the TCP connection (or we do)
            ctx.writeAndFlush(new CloseWebSocketFrame(closeCode == 1005 ? 1000 : closeCode, ""))
                    .addListener(written -> ctx.close());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish(closeCode == -1 ? 1006 : closeCode, closeCode == -1 ? "the connection ended without a close frame" : closeReason);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            finish(1009, "a message longer than allowed: " + cause.getMessage());
        } else {
            finish(1006, (opened ? "" : "could not open: ") + cause);
        }
        ctx.close();
    }

    /** The TCP connection could not be made (called on the event loop, or at once when the loop is gone). */
    void failedToOpen(Throwable cause) {
        finish(1006, "could not open: " + cause);
    }

    private void finish(int code, String reason) {
        if (finished) {
            return;
        }
        finished = true;
        if (!aborted) {
            listener.closed(code, reason);
        }
    }

    @Override
    public boolean sendText(String text) {
        return write(new TextWebSocketFrame(text));
    }

    @Override
    public boolean sendBinary(ByteBuffer data) {
        return write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)));
    }

    private boolean write(Object frame) {
        Channel target = channel;
        if (target == null || closeSent || aborted || !target.isActive()) {
            ReferenceCountUtil.release(frame);
            return false;
        }
        if (!target.isWritable()) { // over the high-water mark: the peer reads too slowly for us
            ReferenceCountUtil.release(frame);
            target.eventLoop().execute(() -> {
                finish(1008, "more bytes waited to be sent than the transport allows");
                target.close();
            });
            return false;
        }
        target.writeAndFlush(frame, target.voidPromise());
        return true;
    }

    @Override
    public void close(int code, String reason) {
        Channel target = channel;
        if (target == null || closeSent || aborted) {
            return;
        }
        closeSent = true;
        target.writeAndFlush(new CloseWebSocketFrame(code, Wire.shortenReason(reason)));
        target.eventLoop().schedule(() -> {
            target.close();
        }, NettyTransport.CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void abort() {
        aborted = true;
        Channel target = channel;
        if (target != null) {
            target.close();
        }
    }
}
