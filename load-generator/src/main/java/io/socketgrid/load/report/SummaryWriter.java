package io.socketgrid.load.report;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's report: {@code summary.json} (figures grouped by the dots in their names, plus the problems),
 * {@code summary.csv} (a header of figure names and one row, so runs append to one table) and
 * {@code timeline.csv} (one row a second). JSON through JSON-P; CSV quoted where a value needs it.
 * A number that is not finite is JSON {@code null} and an empty CSV cell.
 */
public final class SummaryWriter {

    private static final JsonWriterFactory PRETTY = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private SummaryWriter() {
    }

    /** The figures as one JSON object, {@code problems} (reason → count) under {@code "problems"}. */
    public static JsonObject json(Figures figures, Map<String, Long> problems) {
        Map<String, Object> tree = new LinkedHashMap<>();
        figures.asMap().forEach((name, value) -> insert(tree, name.split("\\."), 0, value));
        JsonObjectBuilder root = build(tree);
        JsonObjectBuilder counts = Json.createObjectBuilder();
        problems.forEach(counts::add);
        return root.add("problems", counts).build();
    }

    @SuppressWarnings("unchecked")
    private static void insert(Map<String, Object> node, String[] path, int at, Object value) {
        if (at == path.length - 1) {
            node.put(path[at], value == null ? Null.NULL : value);
            return;
        }
        Object child = node.computeIfAbsent(path[at], k -> new LinkedHashMap<String, Object>());
        if (!(child instanceof Map)) {
            throw new IllegalArgumentException("figure " + String.join(".", path) + " is under a value, not a group");
        }
        insert((Map<String, Object>) child, path, at + 1, value);
    }

    /** Marks an absent value in the tree (a map cannot hold null meaningfully here). */
    private enum Null { NULL }

    @SuppressWarnings("unchecked")
    private static JsonObjectBuilder build(Map<String, Object> node) {
        JsonObjectBuilder builder = Json.createObjectBuilder();
        node.forEach((name, value) -> {
            if (value instanceof Map<?, ?> child) {
                builder.add(name, build((Map<String, Object>) child));
            } else if (value instanceof Long l) {
                builder.add(name, l);
            } else if (value instanceof Double d) {
                builder.add(name, d);
            } else if (value instanceof Boolean b) {
                builder.add(name, b);
            } else if (value instanceof String s) {
                builder.add(name, s);
            } else {
                builder.addNull(name);
            }
        });
        return builder;
    }

    /** The JSON text, pretty-printed. */
    public static String jsonText(Figures figures, Map<String, Long> problems) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = PRETTY.createWriter(out)) {
            writer.writeObject(json(figures, problems));
        }
        return out.toString().strip() + "\n";
    }

    /** A header line of figure names and one line of values. */
    public static String csv(Figures figures) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        figures.asMap().forEach((name, value) -> {
            names.add(cell(name));
            values.add(value == null ? "" : cell(String.valueOf(value)));
        });
        return String.join(",", names) + "\n" + String.join(",", values) + "\n";
    }

    /** One row a second. */
    public static String timeline(List<ProgressRow> rows) {
        StringBuilder out = new StringBuilder("second,phase,open,pending,failed,dropped,sentPerSec,completedPerSec,"
                + "errorsPerSec,p50Ms,p99Ms,maxMs,serverCpuPercent,serverRssBytes\n");
        for (ProgressRow r : rows) {
            out.append(r.second()).append(',').append(r.phase()).append(',').append(r.open()).append(',')
                    .append(r.pending()).append(',').append(r.failed()).append(',').append(r.dropped()).append(',')
                    .append(r.sentPerSec()).append(',').append(r.completedPerSec()).append(',').append(r.errorsPerSec())
                    .append(',').append(number(r.p50Ms())).append(',').append(number(r.p99Ms())).append(',')
                    .append(number(r.maxMs())).append(',').append(number(r.serverCpuPercent())).append(',')
                    .append(r.serverRssBytes() < 0 ? "" : Long.toString(r.serverRssBytes())).append('\n');
        }
        return out.toString();
    }

    private static String number(double value) {
        return Double.isFinite(value) ? Double.toString(Math.round(value * 1000) / 1000.0) : "";
    }

    /** A CSV cell: quoted when it holds a comma, a quote or a line break (quotes doubled). */
    static String cell(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /** Writes summary.json, summary.csv and timeline.csv into {@code directory} (created when missing). */
    public static void writeAll(Path directory, Figures figures, Map<String, Long> problems, List<ProgressRow> rows)
            throws IOException {
        Files.createDirectories(directory);
        write(directory.resolve("summary.json"), jsonText(figures, problems));
        write(directory.resolve("summary.csv"), csv(figures));
        write(directory.resolve("timeline.csv"), timeline(rows));
    }

    private static void write(Path file, String text) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write(text);
        }
    }
}
