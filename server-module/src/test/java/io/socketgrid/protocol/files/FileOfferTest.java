package io.socketgrid.protocol.files;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FileOfferTest {

    private static final String SHA = "AB".repeat(32);

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    @Test
    void aGoodOfferIsRead() throws Exception {
        FileOffer offer = FileOffer.parse(json("{\"name\":\"a.txt\",\"size\":5,\"sha256\":\"" + SHA + "\",\"to\":\"n1.x\"}"));
        assertEquals("a.txt", offer.name());
        assertEquals(5, offer.size());
        assertEquals("application/octet-stream", offer.type());
        assertEquals(SHA.toLowerCase(), offer.sha256());
        assertEquals("n1.x", offer.to());
        assertNull(offer.resume());
    }

    @Test
    void malformedOffersAreRefused() {
        for (String bad : new String[]{
                "[]",
                "{\"size\":5,\"sha256\":\"" + SHA + "\"}",
                "{\"name\":\"a\",\"size\":-1,\"sha256\":\"" + SHA + "\"}",
                "{\"name\":\"a\",\"size\":1.5,\"sha256\":\"" + SHA + "\"}",
                "{\"name\":\"a\",\"size\":\"5\",\"sha256\":\"" + SHA + "\"}",
                "{\"name\":\"a\",\"size\":5,\"sha256\":\"abc\"}",
                "{\"name\":\"a\\u0000b\",\"size\":5,\"sha256\":\"" + SHA + "\"}",
                "{\"name\":\"a\",\"size\":5,\"sha256\":\"" + SHA + "\",\"type\":\"x\\ny\"}",
                "{\"name\":\"a\",\"size\":5,\"sha256\":\"" + SHA + "\",\"resume\":\"a b\"}"}) {
            assertThrows(FileOffer.InvalidOfferException.class, () -> FileOffer.parse(json(bad)), bad);
        }
    }
}
