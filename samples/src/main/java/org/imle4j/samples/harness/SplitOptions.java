package org.imle4j.samples.harness;

import picocli.CommandLine.Option;

/**
 * The sizes of an experiment's generated training and test sets, as a picocli {@code @Mixin}, with the defaults each
 * command gives its instance ({@code @Mixin SplitOptions split = new SplitOptions(4000, 1000)}).
 */
public final class SplitOptions {
    /** The number of training examples ({@code --train}). */
    @Option(names = "--train", description = "Training examples (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) public int train;

    /** The number of test examples ({@code --test}). */
    @Option(names = "--test", description = "Test examples (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) public int test;

    /**
     * Creates the options with a command's defaults; picocli overwrites what the command line gives.
     *
     * @param train the default number of training examples
     * @param test the default number of test examples
     */
    public SplitOptions(int train, int test) {
        this.train = train;
        this.test = test;
    }
}
