package io.socketgrid.load;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceAddressesTest {

    private static List<String> parse(String text) {
        return SourceAddresses.parse(text).stream().map(InetAddress::getHostAddress).toList();
    }

    @Test
    void rangesAndSingles() {
        assertEquals(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"), parse("127.0.0.1-127.0.0.3"));
        assertEquals(List.of("127.0.0.2", "127.0.0.3", "127.0.1.1"), parse("127.0.0.2-3, 127.0.1.1"));
        assertEquals(List.of("127.0.0.255", "127.0.1.0"), parse("127.0.0.255-127.0.1.0"), "a range crosses octets");
        assertEquals(List.of("0:0:0:0:0:0:0:1"), parse("::1"));
        assertTrue(parse(null).isEmpty());
        assertTrue(parse(" ").isEmpty());
        assertEquals(8, parse("127.0.0.1-127.0.0.8").size());
    }

    @Test
    void refusesWhatIsNotAnAddressList() {
        for (String bad : List.of("localhost", "127.0.0", "127.0.0.256", "127.0.0.5-127.0.0.1", "127.0.0.1,,127.0.0.2",
                "127.0.0.1-x", "10.0.0.0-10.255.255.255", "127.0.0.-1")) {
            assertThrows(IllegalArgumentException.class, () -> SourceAddresses.parse(bad), bad);
        }
    }
}
