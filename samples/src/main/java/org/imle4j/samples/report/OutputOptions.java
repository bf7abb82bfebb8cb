package org.imle4j.samples.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where an experiment writes its pictures and numbers, and the seed it starts from. */
public final class OutputOptions {
    /** Creates the options; picocli fills them. */
    public OutputOptions() {}

    @Option(names = "--out", description = "Folder for PNG plots and JSON results (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("out");

    @Option(names = "--seed", description = "Seed of the data and of the engine's random generator (default: "
            + "${DEFAULT-VALUE}).")
    int seed = 1;

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
     * The seed of the data and of the engine's random generator ({@code --seed}).
     *
     * @return the seed, 1 by default
     */
    public int seed() {
        return seed;
    }
}
