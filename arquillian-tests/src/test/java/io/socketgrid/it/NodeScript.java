package io.socketgrid.it;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs a Node script of {@code src/test/node} (npm packages installed by scripts/test.sh) and asserts it passed. */
final class NodeScript {

    private static final long MAX_SECONDS = 180;

    private NodeScript() {
    }

    /** Runs {@code node script args…}; fails the test unless it exits 0 within {@value #MAX_SECONDS} s. Returns its output. */
    static String run(String script, String... args) throws Exception {
        return run(Map.of(), script, args);
    }

    /** As {@link #run(String, String...)}, with {@code environment} added to the script's environment. */
    static String run(Map<String, String> environment, String script, String... args) throws Exception {
        File dir = new File(System.getProperty("socketgrid.interopDir", "src/test/node"));
        assertTrue(new File(dir, "node_modules/socketcluster-client").isDirectory(),
                "npm packages missing in " + dir + ": scripts/test.sh installs them (npm ci)");
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process node = builder.start();
        boolean finished = node.waitFor(MAX_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly();
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(output);
        assertTrue(finished, script + " did not finish within " + MAX_SECONDS + " s:\n" + output);
        assertEquals(0, node.exitValue(), script + " failed:\n" + output);
        return output;
    }
}
