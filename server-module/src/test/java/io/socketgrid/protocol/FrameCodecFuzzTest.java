package io.socketgrid.protocol;

import io.socketgrid.testing.Fuzz;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property-based fuzzing of {@link FrameCodec#decode}: whatever a client sends, decoding never throws, returns
 * frames of the documented kinds, classifies well-formed JSON exactly as docs/PROTOCOL.md says, and always ends:
 * the class's timeout fails a property whose decodes never finish (Parsson's skip methods looped forever on a cut
 * message; every property here takes a second or two at the default scale). It is a hang guard, not a speed check
 * ({@code io.socketgrid.bench.DecodeCost} measures the codec's speed). See {@link Fuzz} for seeds and longer runs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FrameCodecFuzzTest {

    private static final FrameCodec CODEC = new FrameCodec();

    // ---- properties

    @Test
    void arbitraryTextDecodesIntoDocumentedFrames() {
        Fuzz.forAll("arbitrary text", 3_000, FrameCodecFuzzTest::arbitraryText, text -> checkFrames(text, CODEC.decode(text)));
    }

    @Test
    void wellFormedJsonIsClassifiedAsDocumented() {
        Fuzz.forAll("well-formed JSON", 3_000, random -> json(random, topLevel(random)), text -> {
            Object model = JsonModel.parse(text);
            List<InboundFrame> frames = CODEC.decode(text);
            checkFrames(text, frames);
            assertEquals(expected(model), frames.stream().map(FrameCodecFuzzTest::summary).toList(), text);
        });
    }

    @Test
    void mutatedFramesDecodeIntoDocumentedFrames() {
        Fuzz.forAll("mutated frames", 3_000, random -> mutate(random, json(random, topLevel(random))),
                text -> checkFrames(text, CODEC.decode(text)));
    }

    @Test
    void theStreamingDecoderAgreesWithTheObjectModel() {
        ObjectModelDecoder oracle = new ObjectModelDecoder();
        Fuzz.forAll("any frame-like text", 6_000, random -> switch (random.nextInt(3)) {
            case 0 -> arbitraryText(random);
            case 1 -> json(random, topLevel(random));
            default -> mutate(random, json(random, topLevel(random)));
        }, text -> {
            if (text.isEmpty() || FrameCodec.nestedDeeperThan(text, FrameCodec.MAX_DEPTH)) {
                return; // decided before any parsing, by both
            }
            List<Object> expected = comparable(oracle.decode(text));
            List<Object> actual = comparable(CODEC.decode(text));
            if (expected.equals(MALFORMED) && !actual.equals(MALFORMED)) {
                // the object model also evaluates members no frame uses (e.g. a number whose exponent does not
                // fit an int, refused when it becomes a BigDecimal); the stream only reads them as tokens
                assertTrue(tokenizes(text), "the object model refused syntax the stream accepted: " + text);
            } else {
                assertEquals(expected, actual, text);
            }
        });
    }

    private static final List<Object> MALFORMED = List.of(List.of(InvalidFrameKind.MALFORMED_JSON, InboundFrame.NO_CID));

    /** Whether {@code text} is one JSON value as a stream of parser events, none of them evaluated. */
    private static boolean tokenizes(String text) {
        try (var parser = jakarta.json.Json.createParser(new java.io.StringReader(text))) {
            while (parser.hasNext()) {
                parser.next();
            }
            return true;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    /**
     * Frames as the two decoders must agree on them: everything but the detail of malformed JSON, which quotes
     * the parser's exception (raised by the same input at the same place, but worded by the provider).
     */
    private static List<Object> comparable(List<InboundFrame> frames) {
        return frames.stream().map(frame -> frame instanceof InboundFrame.Invalid invalid
                && invalid.kind() == InvalidFrameKind.MALFORMED_JSON
                ? (Object) List.of(invalid.kind(), invalid.cid()) : frame).toList();
    }

    @Test
    void deepNestingIsRefusedWithoutExhaustingTheStack() {
        Fuzz.forAll("deep nesting", 60, random -> {
            int depth = Fuzz.oneOf(random, 1, FrameCodec.MAX_DEPTH - 1, FrameCodec.MAX_DEPTH, FrameCodec.MAX_DEPTH + 1,
                    5_000, 200_000) + random.nextInt(3) - 1;
            String open = Fuzz.oneOf(random, "[", "{\"a\":", "{\"event\":\"x\",\"data\":[", "[{\"data\":");
            String close = switch (open) {
                case "[" -> "]";
                case "{\"a\":" -> "}";
                case "{\"event\":\"x\",\"data\":[" -> "]}";
                default -> "}]";
            };
            boolean balanced = random.nextBoolean();
            return open.repeat(Math.max(1, depth)) + "1" + (balanced ? close.repeat(Math.max(1, depth)) : "");
        }, text -> "a nesting of " + text.length() + " characters starting " + text.substring(0, 40), text -> {
            List<InboundFrame> frames = CODEC.decode(text);
            checkFrames(text, frames);
            if (FrameCodec.nestedDeeperThan(text, FrameCodec.MAX_DEPTH)) {
                assertEquals(List.of("Invalid TOO_DEEP -1"), frames.stream().map(FrameCodecFuzzTest::summary).toList());
            } else if (frames.get(0) instanceof InboundFrame.Invalid invalid) {
                assertFalse(invalid.kind() == InvalidFrameKind.TOO_DEEP, "refused as too deep at a legal depth");
            }
        });
    }

    @Test
    void hugeNumbersAreRefusedOrBoundedNeverThrown() {
        Fuzz.forAll("huge numbers", 200, random -> {
            String number = Fuzz.oneOf(random, "1", "-1", "0.5", "1e", "1E+")
                    + "9".repeat(Fuzz.oneOf(random, 18, 19, 20, 1_099, 1_100, 1_101, 50_000))
                    + Fuzz.oneOf(random, "", "e5", "E-999999999", ".0");
            String field = Fuzz.oneOf(random, "cid", "rid", "data");
            return "{\"event\":\"x\",\"" + field + "\":" + number + "}";
        }, text -> checkFrames(text, CODEC.decode(text)));
    }

    @Test
    void theDepthScanIgnoresBracketsInStrings() {
        String deepInString = "{\"event\":\"x\",\"data\":\"" + "[\\\"{".repeat(5_000) + "\"}";
        assertFalse(FrameCodec.nestedDeeperThan(deepInString, FrameCodec.MAX_DEPTH));
        assertEquals(List.of("Event x -1"), CODEC.decode(deepInString).stream().map(FrameCodecFuzzTest::summary).toList());
        assertTrue(FrameCodec.nestedDeeperThan("[".repeat(FrameCodec.MAX_DEPTH + 1), FrameCodec.MAX_DEPTH));
        assertFalse(FrameCodec.nestedDeeperThan("[".repeat(FrameCodec.MAX_DEPTH), FrameCodec.MAX_DEPTH));
    }

    // ---- checks

    /** What every decode must give, whatever the input. */
    private static void checkFrames(String text, List<InboundFrame> frames) {
        assertNotNull(frames);
        assertFalse(frames.isEmpty(), "no frames");
        if (frames.size() > 1) {
            assertTrue(text.strip().startsWith("["), "several frames from something that is not a batch");
            assertTrue(frames.size() <= text.length() / 2, "more frames than a batch of this length can hold");
        }
        for (InboundFrame frame : frames) {
            assertNotNull(frame);
            if (frame instanceof InboundFrame.Event event) {
                assertFalse(event.event().isEmpty(), "an event with an empty name");
                assertNotNull(event.data());
                assertTrue(event.cid() >= 0 || event.cid() == InboundFrame.NO_CID, "cid " + event.cid());
            } else if (frame instanceof InboundFrame.Response response) {
                assertTrue(response.rid() >= 0, "rid " + response.rid());
                assertNotNull(response.data());
                if (response.error() != null) {
                    assertNotNull(response.error().name());
                    assertNotNull(response.error().message());
                }
            } else if (frame instanceof InboundFrame.Invalid invalid) {
                assertNotNull(invalid.kind());
                assertTrue(invalid.cid() >= 0 || invalid.cid() == InboundFrame.NO_CID, "cid " + invalid.cid());
                assertTrue(invalid.kind() == InvalidFrameKind.BAD_EVENT_NAME || !invalid.canBeAnswered(),
                        "only a bad event name keeps its cid");
                assertFalse(invalid.kind() == InvalidFrameKind.UNEXPECTED_BINARY, "text is never binary");
            } else {
                assertTrue(frame instanceof InboundFrame.Heartbeat, "an undocumented frame: " + frame);
            }
        }
    }

    /** A frame as {@code "<kind> <detail> <id>"}, comparable with {@link #expected}. */
    private static String summary(InboundFrame frame) {
        if (frame instanceof InboundFrame.Event e) {
            return "Event " + e.event() + " " + e.cid();
        }
        if (frame instanceof InboundFrame.Response r) {
            return "Response " + r.rid();
        }
        if (frame instanceof InboundFrame.Invalid i) {
            return "Invalid " + i.kind() + " " + i.cid();
        }
        return "Heartbeat";
    }

    // ---- the reference: docs/PROTOCOL.md, "Frames" and "Bad input", applied to a parsed model

    private static List<String> expected(Object model) {
        if (model instanceof List<?> batch) {
            if (batch.isEmpty()) {
                return List.of("Invalid BAD_BATCH -1");
            }
            return batch.stream().map(e -> e instanceof List ? "Invalid BAD_BATCH -1" : expectedFrame(e)).toList();
        }
        return List.of(expectedFrame(model));
    }

    private static String expectedFrame(Object value) {
        if ("".equals(value)) {
            return "Heartbeat";
        }
        if (!(value instanceof Map<?, ?> object)) {
            return "Invalid NOT_A_FRAME -1";
        }
        if (object.containsKey("event")) {
            long cid = InboundFrame.NO_CID;
            if (object.containsKey("cid")) {
                cid = callId(object.get("cid"));
                if (cid == InboundFrame.NO_CID) {
                    return "Invalid BAD_CALL_ID -1";
                }
            }
            return object.get("event") instanceof String event && !event.isEmpty()
                    ? "Event " + event + " " + cid : "Invalid BAD_EVENT_NAME " + cid;
        }
        if (object.containsKey("rid")) {
            long rid = callId(object.get("rid"));
            return rid == InboundFrame.NO_CID ? "Invalid BAD_CALL_ID -1" : "Response " + rid;
        }
        return "Invalid NOT_A_FRAME -1";
    }

    /** A non-negative integer that fits a long (JSON-P's integral: no fraction left after scaling). */
    private static long callId(Object value) {
        if (value instanceof BigDecimal number) {
            if (number.scale() != 0 || number.signum() < 0 || number.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                return InboundFrame.NO_CID;
            }
            return number.longValueExact();
        }
        return InboundFrame.NO_CID;
    }

    // ---- generators

    private static final String[] KEYS = {"event", "cid", "rid", "data", "error", "channel", "", "EVENT", "cid ", "\u0000"};
    private static final String[] EVENTS = {"ping", "#handshake", "#subscribe", "#publish", "#unsubscribe",
            "#file.offer", "#file.chunk", "#authenticate", "#", "", " ", "\t", "\u2028", "é", "\uD83D\uDE00", "pong"};
    private static final String[] NUMBERS = {"0", "1", "2", "-1", "-0", "0.0", "1.0", "1.5", "1e2", "1E+2", "1.0E1",
            "10e-1", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551616",
            "1e400", "1e-400", "123456789012345678901234567890", "0.1e1"};

    /** Anything a socket can carry as text: JSON fragments, unicode, lone surrogates, whitespace. */
    private static String arbitraryText(SplittableRandom random) {
        int length = Fuzz.size(random, 200);
        StringBuilder text = new StringBuilder(length);
        String alphabet = "{}[]\":,\\ \t\n\r0123456789-+.eEtrufalsn#";
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0, 1, 2 -> text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                case 3 -> text.append((char) random.nextInt(0x80));
                case 4 -> text.append((char) random.nextInt(0x10000)); // includes lone surrogates
                default -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
            }
        }
        return text.toString();
    }

    private static Object topLevel(SplittableRandom random) {
        return switch (random.nextInt(10)) {
            case 0, 1 -> {
                int n = Fuzz.size(random, 12);
                List<Object> batch = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    batch.add(random.nextInt(6) == 0 ? value(random, 2) : frameLike(random));
                }
                yield batch;
            }
            case 2 -> value(random, 3);
            default -> frameLike(random);
        };
    }

    /** An object with protocol keys of right and wrong types. */
    private static Map<String, Object> frameLike(SplittableRandom random) {
        Map<String, Object> object = new LinkedHashMap<>();
        int n = 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
            String key = random.nextInt(4) == 0 ? Fuzz.oneOf(random, KEYS) : Fuzz.oneOf(random, "event", "cid", "rid", "data");
            object.put(key, switch (key) {
                case "event" -> random.nextInt(4) == 0 ? value(random, 2) : Fuzz.oneOf(random, EVENTS);
                case "cid", "rid" -> random.nextInt(4) == 0 ? value(random, 2) : new BigDecimal(Fuzz.oneOf(random, NUMBERS));
                default -> value(random, 3);
            });
        }
        return object;
    }

    private static Object value(SplittableRandom random, int depth) {
        int kind = random.nextInt(depth > 0 ? 8 : 5);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> new BigDecimal(Fuzz.oneOf(random, NUMBERS));
            case 3 -> Fuzz.oneOf(random, EVENTS);
            case 4 -> arbitraryString(random);
            case 5 -> {
                List<Object> list = new ArrayList<>();
                for (int i = Fuzz.size(random, 5); i > 0; i--) {
                    list.add(value(random, depth - 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = Fuzz.size(random, 5); i > 0; i--) {
                    map.put(random.nextBoolean() ? Fuzz.oneOf(random, KEYS) : arbitraryString(random), value(random, depth - 1));
                }
                yield map;
            }
        };
    }

    /** A string of any UTF-16 units, lone surrogates included (JSON escapes them). */
    private static String arbitraryString(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        for (int i = Fuzz.size(random, 12); i > 0; i--) {
            s.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
        }
        return s.toString();
    }

    /** The model as JSON text, with random whitespace between tokens and random escaping. */
    private static String json(SplittableRandom random, Object model) {
        StringBuilder out = new StringBuilder();
        write(random, model, out);
        return random.nextInt(4) == 0 ? " \n" + out + "\t " : out.toString();
    }

    private static void write(SplittableRandom random, Object value, StringBuilder out) {
        if (random.nextInt(10) == 0) {
            out.append(Fuzz.oneOf(random, " ", "\n", "\r\n", "\t"));
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof BigDecimal) {
            out.append(value);
        } else if (value instanceof String s) {
            writeString(random, s, out);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(random, list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                writeString(random, (String) entry.getKey(), out);
                out.append(':');
                write(random, entry.getValue(), out);
            }
            out.append('}');
        } else {
            fail("not a JSON model value: " + value);
        }
    }

    private static void writeString(SplittableRandom random, String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) || random.nextInt(20) == 0) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static final String MUTANTS = "{}[]\":,\\0-e";

    /** A well-formed text with a few random edits: a cut, a dropped, doubled or replaced character. */
    private static String mutate(SplittableRandom random, String text) {
        StringBuilder s = new StringBuilder(text);
        for (int edits = 1 + random.nextInt(3); edits > 0 && !s.isEmpty(); edits--) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(5)) {
                case 0 -> s.setLength(at);
                case 1 -> s.deleteCharAt(at);
                case 2 -> s.insert(at, s.charAt(at));
                case 3 -> s.setCharAt(at, MUTANTS.charAt(random.nextInt(MUTANTS.length())));
                default -> s.insert(at, Fuzz.oneOf(random, "\"\\u", "\\", "\uD800", "[", "]", "{\"event\":", ",,", "1e"));
            }
        }
        return s.toString();
    }

    /**
     * A tiny JSON reader for the reference: maps, lists, strings, BigDecimals, booleans and nulls. It is only
     * fed well-formed text this class wrote, so it trusts its input.
     */
    private static final class JsonModel {
        private final String text;
        private int at;

        private JsonModel(String text) {
            this.text = text;
        }

        static Object parse(String text) {
            JsonModel reader = new JsonModel(text);
            Object value = reader.value();
            reader.space();
            assertEquals(text.length(), reader.at, "the reference reader stopped early");
            return value;
        }

        private void space() {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        private Object value() {
            space();
            char c = text.charAt(at);
            switch (c) {
                case '{' -> {
                    at++;
                    Map<String, Object> map = new LinkedHashMap<>();
                    space();
                    if (text.charAt(at) == '}') {
                        at++;
                        return map;
                    }
                    do {
                        space();
                        String key = string();
                        space();
                        at++; // ':'
                        map.put(key, value());
                        space();
                    } while (text.charAt(at++) == ',');
                    return map;
                }
                case '[' -> {
                    at++;
                    List<Object> list = new ArrayList<>();
                    space();
                    if (text.charAt(at) == ']') {
                        at++;
                        return list;
                    }
                    do {
                        list.add(value());
                        space();
                    } while (text.charAt(at++) == ',');
                    return list;
                }
                case '"' -> {
                    return string();
                }
                case 't' -> {
                    at += 4;
                    return true;
                }
                case 'f' -> {
                    at += 5;
                    return false;
                }
                case 'n' -> {
                    at += 4;
                    return null;
                }
                default -> {
                    int start = at;
                    while (at < text.length() && "+-.eE0123456789".indexOf(text.charAt(at)) >= 0) {
                        at++;
                    }
                    return new BigDecimal(text.substring(start, at));
                }
            }
        }

        private String string() {
            at++; // '"'
            StringBuilder s = new StringBuilder();
            for (char c; (c = text.charAt(at++)) != '"'; ) {
                if (c == '\\') {
                    char e = text.charAt(at++);
                    if (e == 'u') {
                        s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    } else {
                        s.append(e);
                    }
                } else {
                    s.append(c);
                }
            }
            return s.toString();
        }
    }

    @Test
    void aBatchOfManyFramesIsDecodedInLinearTime() {
        // not a property: the largest batch a 1 MiB message can hold, to show a batch costs what its bytes cost
        String batch = "[" + "{\"event\":\"x\"},".repeat(80_000) + "\"\"]";
        List<InboundFrame> frames = CODEC.decode(batch);
        assertEquals(80_001, frames.size());
        assertTrue(frames.get(0) instanceof InboundFrame.Event);
        assertTrue(frames.get(80_000) instanceof InboundFrame.Heartbeat);
        assertEquals(JsonValue.NULL, ((InboundFrame.Event) frames.get(0)).data());
    }
}
