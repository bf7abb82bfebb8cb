package org.imle4j.samples.harness;

import picocli.CommandLine.Option;

/**
 * How many independent repeats an experiment averages over, each with its own data or problem and its own seeds
 * drawn from {@code --seed}, as a picocli {@code @Mixin} with the default each command gives its instance
 * ({@code @Mixin RepeatOptions repeats = new RepeatOptions(20)}). {@code --seeds} is accepted as well, the name some
 * commands used before.
 */
public final class RepeatOptions {
    /** The number of repeats ({@code --repeats}). */
    @Option(names = {"--repeats", "--seeds"}, description = "Independent repeats averaged over, each with its own "
            + "data and seeds (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) public int count;

    /**
     * Creates the option with a command's default; picocli overwrites what the command line gives.
     *
     * @param count the default number of repeats
     */
    public RepeatOptions(int count) {
        this.count = count;
    }
}
