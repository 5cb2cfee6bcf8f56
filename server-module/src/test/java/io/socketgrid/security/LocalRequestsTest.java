package io.socketgrid.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalRequestsTest {

    @Test
    void loopbackPeersWithoutProxyHeadersAreLocal() {
        assertTrue(LocalRequests.isLocal("127.0.0.1", null, null));
        assertTrue(LocalRequests.isLocal("127.0.0.42", null, null));
        assertTrue(LocalRequests.isLocal("::1", null, null));
        assertTrue(LocalRequests.isLocal("0:0:0:0:0:0:0:1", null, null));
    }

    @Test
    void otherPeersAndNamesAreNot() {
        assertFalse(LocalRequests.isLocal("10.0.0.7", null, null));
        assertFalse(LocalRequests.isLocal("fe80::1", null, null));
        assertFalse(LocalRequests.isLocal("localhost", null, null), "a name is never looked up");
        assertFalse(LocalRequests.isLocal("", null, null));
        assertFalse(LocalRequests.isLocal(null, null, null));
    }

    @Test
    void aProxyHeaderNamingAClientElsewhereMakesItRemote() {
        assertFalse(LocalRequests.isLocal("127.0.0.1", "203.0.113.9", null));
        assertFalse(LocalRequests.isLocal("127.0.0.1", "127.0.0.1, 203.0.113.9", null));
        assertFalse(LocalRequests.isLocal("127.0.0.1", null, "for=203.0.113.9;proto=https"));
        assertFalse(LocalRequests.isLocal("127.0.0.1", null, "for=\"[2001:db8::1]:4711\""));
    }

    @Test
    void proxyHeadersNamingOnlyThisMachineKeepItLocal() {
        assertTrue(LocalRequests.isLocal("127.0.0.1", "127.0.0.1, ::1", null));
        assertTrue(LocalRequests.isLocal("127.0.0.1", null, "for=127.0.0.1:80;proto=http, for=\"[::1]:4711\""));
    }
}
