package io.socketgrid.it;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs one of the repository's {@code scripts/} (system property {@code socketgrid.repo}) as a user would. */
final class RepoScript {

    static final File REPO = new File(System.getProperty("socketgrid.repo", ".."));

    private RepoScript() {
    }

    /** What a script printed (stdout and stderr together) and how it exited. */
    record Result(int exitCode, String output) {
    }

    /**
     * Runs {@code scripts/<script> args…} in the repository with {@code environment} added; fails the test
     * unless it finishes within {@code seconds} (then it is killed). Prints and returns its output.
     */
    static Result run(Map<String, String> environment, long seconds, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(new File(REPO, "scripts/" + script).getAbsolutePath());
        command.addAll(List.of(args));
        // output goes to a file: a script that prints much must never block on a full pipe
        File output = File.createTempFile("script-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(REPO).redirectErrorStream(true)
                    .redirectOutput(output);
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String text = Files.readString(output.toPath(), StandardCharsets.UTF_8);
            System.out.println(text);
            assertTrue(finished, String.join(" ", command) + " took over " + seconds + " s:\n" + text);
            return new Result(process.exitValue(), text);
        } finally {
            Files.deleteIfExists(output.toPath());
        }
    }
}
