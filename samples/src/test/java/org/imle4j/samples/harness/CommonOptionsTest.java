package org.imle4j.samples.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The shared options: defaults, the device check and the one-line range errors with exit code 2. */
class CommonOptionsTest {
    @TempDir
    Path out;

    @Command(name = "probe")
    static final class ProbeCommand implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--rate")
        @Range.Between(min = 0, max = 1) double rate = 0.5;

        @Option(names = "--sizes", split = ",")
        @Range.AtLeast(1) int[] sizes = {1};

        @Option(names = "--widths", split = ",")
        @Range.Positive List<Double> widths = List.of(1.0);

        @Option(names = "--k")
        int k = 1;

        Device device;

        @Override
        public Integer call() {
            common.checkRanges();
            common.requireBetween("--k", k, 1, 8, "--n = 8");
            device = common.device();
            return common.withTorchThreads(() -> 0);
        }
    }

    private final List<String> errors = new ArrayList<>();

    private int execute(ProbeCommand command, String... args) {
        CommandLine line = new CommandLine(command);
        line.setParameterExceptionHandler((error, ignored) -> {
            errors.add(error.getMessage());
            return line.getCommandSpec().exitCodeOnInvalidInput();
        });
        return line.execute(args);
    }

    @Test
    void defaultsAreTheCpuSeedOneAndTheOutFolder() {
        ProbeCommand command = new ProbeCommand();
        assertEquals(0, execute(command, "--out", out.resolve("results").toString()));
        assertEquals(Device.cpu(), command.device);
        assertEquals(1, command.common.seed());
        assertTrue(Files.isDirectory(command.common.folder()));
        assertEquals(List.of(), errors);
    }

    @Test
    void valuesOutOfRangeExitWithCodeTwoAndOneLineNamingTheOption() {
        assertEquals(2, execute(new ProbeCommand(), "--torch-threads", "-1"));
        assertEquals(2, execute(new ProbeCommand(), "--rate", "NaN"));
        assertEquals(2, execute(new ProbeCommand(), "--k", "9"));
        assertEquals(2, execute(new ProbeCommand(), "--sizes", "3,0"));
        assertEquals(2, execute(new ProbeCommand(), "--widths", "2,Infinity"));
        assertEquals(List.of("--torch-threads must be at least 0, but was -1", "--rate must be in [0.0, 1.0], but was NaN",
                "--k must be between 1 and --n = 8, but was 9", "--sizes must be at least 1, but was 0",
                "--widths must be positive and finite, but was Infinity"), errors);
    }

    @Test
    void unknownOrAbsentDevicesAreRejected() {
        assertEquals(2, execute(new ProbeCommand(), "--device", "tpu+cpu"));
        assertEquals(2, execute(new ProbeCommand(), "--device", "gpu:1000"));
        assertEquals("--device must be cpu, gpu or gpu:N, but was tpu+cpu", errors.get(0));
        assertTrue(errors.get(1).startsWith("--device must be a device of this machine, which has "), errors.get(1));
    }
}
