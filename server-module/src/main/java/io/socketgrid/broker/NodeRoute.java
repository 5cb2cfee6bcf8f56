package io.socketgrid.broker;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Point-to-point messages from this node to one other node of the cluster, kept nowhere: unlike a channel a
 * route has no history, so what it carried (file chunks) never stays in cluster memory after delivery.
 * Implementations keep this contract:
 * <ul>
 *   <li><b>Delivery</b>: at most once, to the one receiver of the named node; a message to a node that is not
 *       (or no longer) alive is dropped. Callers that need more use their own acknowledgements and timeouts
 *       (file transfers do: credit and idle timeouts).</li>
 *   <li><b>Order</b>: messages sent by one node to one node arrive in send order.</li>
 *   <li><b>Threading</b>: {@link #send} never blocks on the network; the receiver is called from any thread,
 *       never concurrently with itself, and must not block.</li>
 *   <li><b>Memory</b>: a message is held only until it is handed to the receiver; the sender's own flow
 *       control bounds what is in flight.</li>
 * </ul>
 */
public interface NodeRoute extends AutoCloseable {

    /** The id of the node this route belongs to (its messages arrive at {@link #receive}'s receiver). */
    String localNode();

    /**
     * Sends {@code message} (which the route owns from now on) to node {@code node}; may be this node.
     * Completes when the message was handed to the cluster, exceptionally when it could not be.
     */
    CompletionStage<Void> send(String node, byte[] message);

    /** Sets the receiver of the messages sent to this node; set it once, before other nodes send. */
    void receive(Consumer<byte[]> receiver);

    /** Stops receiving; later sends fail. */
    @Override
    void close();
}
