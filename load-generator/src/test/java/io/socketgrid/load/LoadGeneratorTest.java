package io.socketgrid.load;

import io.socketgrid.load.dialect.Dialect;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line without running anything: options, defaults and refusals. */
class LoadGeneratorTest {

    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine command = LoadGenerator.commandLine();
        command.setErr(new PrintWriter(err));
        command.setOut(new PrintWriter(new StringWriter()));
        return command.execute(args);
    }

    @Test
    void filesIsSocketGridOnly() {
        assertEquals(2, execute("files", "--dialect", "socketio"));
        assertTrue(err.toString().contains("socketio has no file transfer"), err.toString());
        assertEquals(2, execute("files", "--dialect", "SOCKETCLUSTER"));
        assertEquals(2, execute("files", "--transport", "jdk"));
        assertTrue(err.toString().contains("only --transport netty"), err.toString());
    }

    @Test
    void optionsParse() {
        CommandLine command = LoadGenerator.commandLine();
        CommandLine.ParseResult parsed = command.parseArgs("thesis", "-n", "100", "--interval-max", "2500ms", "--intervals", "fixed",
                "--dialect", "socketio", "--duration", "1m", "--source-addresses", "127.0.0.1-8", "--max-messages", "10");
        LoadGenerator.Thesis thesis = (LoadGenerator.Thesis) parsed.subcommand().commandSpec().userObject();
        assertEquals(100, thesis.connections);
        assertEquals(Duration.ofMillis(2500), thesis.intervalMax);
        assertEquals(Dialect.SOCKETIO, thesis.common.dialect);
        assertEquals(Duration.ofMinutes(1), thesis.common.duration);
        assertEquals(10, thesis.common.maxMessages);
        assertEquals(CommonOptions.TransportKind.NETTY, thesis.common.transport);
        assertEquals(null, thesis.fileSize, "the plain ping unless --file-size");

        parsed = LoadGenerator.commandLine().parseArgs("thesis", "--file-size", "500k");
        thesis = (LoadGenerator.Thesis) parsed.subcommand().commandSpec().userObject();
        assertEquals(512_000, thesis.fileSize);
    }

    @Test
    void badValuesAreRefusedWithTheirReason() {
        assertEquals(2, execute("flood", "--duration", "soon"));
        assertTrue(err.toString().contains("not a duration"), err.toString());
        assertEquals(2, execute("files", "--size", "1g"));
        assertEquals(2, execute("thesis", "--file-size", "513k"));
        assertTrue(err.toString().contains("at most 524288"), err.toString());
        assertEquals(2, execute("flood", "--source-addresses", "somewhere", "--url", "ws://127.0.0.1:9/"));
        assertEquals(2, execute());
    }

    @Test
    void sizesAndDurations() {
        LoadGenerator.SizeConverter sizes = new LoadGenerator.SizeConverter();
        assertEquals(81, sizes.convert("81"));
        assertEquals(500 * 1024, sizes.convert("500k"));
        assertEquals(1 << 20, sizes.convert("1M"));
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofSeconds(20), DurationConverter.parse("20"));
        assertEquals(Duration.ofSeconds(20), DurationConverter.parse("PT20S"));
        assertEquals(Duration.ofMillis(2500), DurationConverter.parse("2.5s"));
    }
}
