package org.imle4j.samples.harness;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every experiment shares, as a picocli {@code @Mixin}: output folder, seed, PyTorch intra-op threads and
 * device; and the one way the samples reject an option value: a {@link ParameterException} (exit code 2) whose one
 * line names the option, its allowed range and the value, e.g. {@code --batch must be at least 1, but was 0}.
 */
public final class CommonOptions {
    /** Creates the options; picocli fills them. */
    public CommonOptions() {}

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--out", description = "Folder for PNG plots and JSON results (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("out");

    @Option(names = "--seed", description = "Seed of the data and of the engine's random generator (default: "
            + "${DEFAULT-VALUE}).")
    int seed = 1;

    @Option(names = "--torch-threads", description = "PyTorch intra-op threads while the command runs, 0 for the "
            + "engine's default (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(0) int torchThreads = 1;

    @Option(names = "--device", description = "Device of the models: cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    /**
     * The output folder ({@code --out}), created if needed.
     *
     * @return the folder
     * @throws UncheckedIOException if it cannot be created
     */
    public Path folder() {
        try {
            return Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output folder " + out, e);
        }
    }

    /**
     * The writer of this command's results: JSON and PNG files in {@link #folder()}, tables on stdout.
     *
     * @return a writer
     * @throws UncheckedIOException if the output folder cannot be created
     */
    public ReportWriter report() {
        return new ReportWriter(folder(), System.out);
    }

    /** {@return the seed of the data and of the engine's random generator ({@code --seed})} */
    public int seed() {
        return seed;
    }

    /** {@return the device's name as given ({@code --device}), for a child process that runs the same command} */
    public String deviceName() {
        return device;
    }

    /** {@return the PyTorch intra-op threads while the command runs ({@code --torch-threads}), 0 for the default} */
    public int torchThreads() {
        return torchThreads;
    }

    /**
     * The device of {@code --device}, checked against the engine's devices. Loads the engine.
     *
     * @return the device, the CPU by default
     * @throws ParameterException if the name is not a device, or the engine has no such device
     */
    public Device device() {
        Device resolved;
        try {
            // DJL spells the N-th GPU "gpuN"; "gpu:N" is the usual spelling elsewhere (PyTorch, nvidia-smi).
            resolved = Device.fromName(device.replace(":", ""));
        } catch (IllegalArgumentException e) {
            resolved = null;
        }
        boolean known = resolved != null && !(resolved instanceof Device.MultiDevice)
                && (resolved.isGpu() || Device.Type.CPU.equals(resolved.getDeviceType()));
        if (!known) {
            throw invalid("--device", device, "cpu, gpu or gpu:N");
        }
        int gpus = Engine.getInstance().getGpuCount();
        if (resolved.isGpu() && resolved.getDeviceId() >= gpus) {
            throw invalid("--device", device, "a device of this machine, which has " + gpus + " GPU(s)");
        }
        return resolved;
    }

    /**
     * Computes {@code work} with {@code --torch-threads} PyTorch intra-op threads, restoring the previous number even
     * if it throws. The samples' nets are tiny, so one thread computes them about as fast as several; on a 2-core
     * machine a second OpenMP thread spin-waits against the solver threads and made training steps 10 to 30 times
     * slower in our runs.
     *
     * @param <T> the type of the result
     * @param work the command's computation
     * @return {@code work}'s result
     */
    public <T> T withTorchThreads(Supplier<T> work) {
        Engine.getInstance();
        int previous = JniUtils.getNumThreads();
        if (torchThreads > 0) {
            JniUtils.setNumThreads(torchThreads);
        }
        try {
            return work.get();
        } finally {
            JniUtils.setNumThreads(previous);
        }
    }

    /**
     * Rejects the first option value out of the {@link Range} its field declares, in the command and its mixins.
     *
     * @throws ParameterException if a value is out of range
     */
    public void checkRanges() {
        command.options().forEach(option -> Range.check(option, this));
    }

    /**
     * Rejects an integer option outside {@code [min, max]}.
     *
     * @param option the option's name
     * @param value the value given
     * @param min the least allowed value
     * @param max the largest allowed value
     * @param maxName how the message names {@code max}, e.g. {@code "--n = 256"}
     * @throws ParameterException if {@code value} is out of range
     */
    public void requireBetween(String option, long value, long min, long max, String maxName) {
        if (value < min || value > max) {
            throw invalid(option, value, "between " + min + " and " + maxName);
        }
    }

    /**
     * Whether the command line gave an option, rather than the option keeping its default; a preset of options (a
     * protocol) then sets only the options not given.
     *
     * @param option the option's name, e.g. {@code --n}
     * @return true if the command line matched the option
     */
    public boolean given(String option) {
        ParseResult parsed = command.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(option);
    }

    /**
     * The error for an option value out of its allowed range, exit code 2.
     *
     * @param option the option's name
     * @param value the value given
     * @param allowed the allowed values, read after "must be", e.g. {@code "at least 1"}
     * @return the exception, to throw
     */
    public ParameterException invalid(String option, Object value, String allowed) {
        return new ParameterException(command.commandLine(), option + " must be " + allowed + ", but was " + value);
    }
}
