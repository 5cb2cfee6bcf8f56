package io.socketgrid.jakarta;

import org.junit.jupiter.api.Test;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TyrusSchedulerPatchTest {

    /** Shaped like Tyrus's BaseContainer: the field sits in a superclass. */
    static class FakeBaseContainer {
        private ScheduledExecutorService managedScheduledExecutorService;
    }

    static class FakeServerContainer extends FakeBaseContainer {
        FakeServerContainer(ScheduledExecutorService managed) {
            ((FakeBaseContainer) this).managedScheduledExecutorService = managed;
        }

        ScheduledExecutorService current() {
            return ((FakeBaseContainer) this).managedScheduledExecutorService;
        }
    }

    @Test
    void replacesTheManagedExecutorAndRevertsIt() {
        ScheduledExecutorService managed = Executors.newSingleThreadScheduledExecutor();
        try {
            FakeServerContainer container = new FakeServerContainer(managed);
            TyrusSchedulerPatch.Applied applied = assertInstanceOf(TyrusSchedulerPatch.Applied.class,
                    TyrusSchedulerPatch.apply(container));
            assertNotSame(managed, container.current());
            ScheduledThreadPoolExecutor replacement = assertInstanceOf(ScheduledThreadPoolExecutor.class, container.current());
            assertTrue(replacement.getRemoveOnCancelPolicy());

            applied.revert();
            assertSame(managed, container.current());
            assertTrue(replacement.isShutdown());
        } finally {
            managed.shutdownNow();
        }
    }

    @Test
    void leavesOtherContainersAlone() {
        assertInstanceOf(TyrusSchedulerPatch.NotApplied.class, TyrusSchedulerPatch.apply(new Object()));
        assertInstanceOf(TyrusSchedulerPatch.NotApplied.class, TyrusSchedulerPatch.apply(null));
        FakeServerContainer withoutManaged = new FakeServerContainer(null);
        assertInstanceOf(TyrusSchedulerPatch.NotApplied.class, TyrusSchedulerPatch.apply(withoutManaged));
        assertSame(null, withoutManaged.current());
    }
}
