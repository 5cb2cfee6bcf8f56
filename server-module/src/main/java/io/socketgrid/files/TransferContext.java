package io.socketgrid.files;

import io.socketgrid.api.StoredFile;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.engine.ProblemLog;

import java.util.function.Consumer;

/**
 * What every transfer of a node shares: settings, message encoding, the store, counters, and the way back
 * to the service when a transfer ends.
 */
record TransferContext(SocketGridConfig config, TransferMessages messages, FileStore store, FileCounters counters,
                       ProblemLog problems, Consumer<Transfer> onFinished, Consumer<StoredFile> onStored) {

    long now() {
        return System.nanoTime();
    }
}
