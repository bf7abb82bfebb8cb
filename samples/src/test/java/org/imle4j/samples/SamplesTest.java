package org.imle4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class SamplesTest {
    /** What a run of the command line printed and returned. */
    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Samples.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void versionIsTheBuildsVersion() {
        Run run = run("--version");
        assertEquals(0, run.exitCode(), run.err());
        String expected = System.getProperty("imle4j.expected.version");
        assertTrue(run.out().startsWith("imle4j-samples " + expected + " (DJL "), run.out());
        assertEquals(1, run.out().lines().count(), run.out());
    }

    @Test
    void invalidValueIsOneLineNamingTheOptionWithExitCode2() {
        Run run = run("bench", "--k", "0");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("bench: --k must be between 1 and --n = 256, but was 0"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void unparsableValueIsOneLineWithExitCode2() {
        Run run = run("topk-optimisation", "--k", "many");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("--k") && run.err().contains("'many'"), run.err());
    }

    @Test
    void eachCommandValidatesThroughPicocli() {
        for (String[] args : new String[][] {
                {"topk-optimisation", "--k", "0"},
                {"gradient-fidelity", "--k", "0"},
                {"l2x", "--epochs", "0"},
                {"shortest-path", "--grid", "1"},
                {"pyepo-shortest-path", "--grid", "1"}}) {
            Run run = run(args);
            assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith(args[0] + ": ") && run.err().contains(args[1]), run.err());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bench --batch 0                      | --batch must be at least 1, but was 0
            bench --sweep 1,0                    | --sweep must be at least 1, but was 0
            soak --steps 0                       | --steps must be at least 1, but was 0
            soak --steps -3                      | --steps must be at least 1, but was -3
            soak --steps 100 --every 0           | --every must be at least 1, but was 0
            soak --steps 100 --warmup -1         | --warmup must be between 0 and --steps - 1 = 99, but was -1
            soak --steps 100 --warmup 100        | --warmup must be between 0 and --steps - 1 = 99, but was 100
            soak --steps 100                     | --warmup must be between 0 and --steps - 1 = 99, but was 2000
            pool-speedup --grid 0                | --grid must be at least 1, but was 0
            pool-speedup --instances 0           | --instances must be at least 1, but was 0
            pool-speedup --repeats -1            | --repeats must be at least 1, but was -1
            gc-probe --steps 0                   | --steps must be at least 1, but was 0
            gc-probe --steps -1 --modes DJL      | --steps must be at least 1, but was -1
            """)
    void benchmarkOptionOutOfRangeIsOneLineNamingItsRange(String commandLine, String message) {
        String[] args = commandLine.split(" ");
        Run run = run(args);
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith(args[0] + ": " + message + " (see "), run.err());
        assertEquals("", run.out());
    }

    @Test
    void verboseIsAcceptedByEveryCommand() {
        CommandLine commandLine = Samples.commandLine();
        for (String command : commandLine.getSubcommands().keySet()) {
            CommandLine.ParseResult parsed = commandLine.parseArgs(command, Samples.VERBOSE);
            assertTrue(parsed.subcommand().hasMatchedOption(Samples.VERBOSE), command);
        }
    }
}
