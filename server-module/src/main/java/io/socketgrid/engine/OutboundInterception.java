package io.socketgrid.engine;

import io.socketgrid.broker.ChannelMessage;

/**
 * The outbound interception point: every channel message passes it once per local subscriber before it is
 * queued to that socket. Runs the application's publish-out middlewares; when none is registered it is one
 * array-length check. A dropped message still counts as delivered for the subscriber's stream position (it
 * is not recovered later).
 */
final class OutboundInterception implements ChannelFanout.DeliveryFilter {

    private final MiddlewareChain middleware;
    private final EngineObserver observer;

    OutboundInterception(MiddlewareChain middleware, EngineObserver observer) {
        this.middleware = middleware;
        this.observer = observer;
    }

    @Override
    public boolean deliver(Connection connection, ChannelMessage message) {
        if (!middleware.has(MiddlewareChain.Hook.PUBLISH_OUT)) {
            return true;
        }
        boolean allowed = middleware.check(MiddlewareChain.Hook.PUBLISH_OUT, connection, message.channel(),
                message.data()).allowed();
        if (!allowed) {
            observer.security(SecurityEvent.PUBLISH_OUT_DROPPED);
        }
        return allowed;
    }
}
