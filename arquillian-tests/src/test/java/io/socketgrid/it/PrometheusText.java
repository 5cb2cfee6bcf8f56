package io.socketgrid.it;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A page of Prometheus text exposition as a scrape reads it: sample lines (name, labels, value) and the
 * {@code # TYPE} of each name. Enough of the format for tests; escapes in label values are kept as written.
 */
record PrometheusText(List<Sample> samples, Map<String, String> types, String text) {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (\\S+)");

    /** GETs {@code path} from the root of the server that serves {@code deployment} (asserting 200) and parses it. */
    static PrometheusText scrape(URL deployment, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + deployment.getPort() + path);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return parse(response.body());
    }

    static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher type = TYPE.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
            } else if (!line.startsWith("#") && sample.matches()) {
                samples.add(new Sample(sample.group(1), labels(sample.group(2)), number(sample.group(3))));
            }
        }
        return new PrometheusText(List.copyOf(samples), Map.copyOf(types), text);
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text != null) {
            Matcher label = LABEL.matcher(text);
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return labels;
    }

    /** The samples named {@code name}. */
    List<Sample> named(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).toList();
    }

    /** The value of the one sample named {@code name}, if there is one. */
    Optional<Double> value(String name) {
        List<Sample> named = named(name);
        return named.size() == 1 ? Optional.of(named.get(0).value()) : Optional.empty();
    }
}
