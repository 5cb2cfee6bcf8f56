package io.socketgrid.api;

/**
 * Answers an invoked event. The result (a value SocketGrid can send, see {@link ClientSocket#transmit}, or a
 * {@link java.util.concurrent.CompletionStage} of one) becomes {@code {"rid":cid,"data":result}}; a thrown
 * {@link ProcedureException} becomes {@code {"rid":cid,"error":{name,message}}}, any other exception an error
 * named {@code ProcedureError} whose details stay in the server log.
 *
 * <p>Called on the socket's inbound thread: must not block; return a CompletionStage for slow work.
 */
@FunctionalInterface
public interface Procedure<T> {
    Object invoke(ClientSocket socket, T data) throws Exception;
}
