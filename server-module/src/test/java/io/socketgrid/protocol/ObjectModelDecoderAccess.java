package io.socketgrid.protocol;

import java.util.List;
import java.util.function.Function;

/** Lets the benchmarks of another package run the package-private {@link ObjectModelDecoder}. */
public final class ObjectModelDecoderAccess {

    private ObjectModelDecoderAccess() {
    }

    public static Function<String, List<InboundFrame>> decoder() {
        return new ObjectModelDecoder()::decode;
    }
}
