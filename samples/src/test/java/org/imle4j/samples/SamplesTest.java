package org.imle4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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

    @Test
    void verboseIsAcceptedByEveryCommand() {
        CommandLine commandLine = Samples.commandLine();
        for (String command : commandLine.getSubcommands().keySet()) {
            CommandLine.ParseResult parsed = commandLine.parseArgs(command, Samples.VERBOSE);
            assertTrue(parsed.subcommand().hasMatchedOption(Samples.VERBOSE), command);
        }
    }
}
