package org.imle4j.samples.bench;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Range checks of the speed and endurance commands' options: a value out of range is picocli's exit code 2. */
final class OptionChecks {
    private OptionChecks() {}

    /**
     * Rejects an option value below its least allowed value.
     *
     * @param spec the command whose option it is
     * @param option the option's name, e.g. {@code --steps}
     * @param value the value given
     * @param min the least allowed value
     * @throws ParameterException if {@code value < min}
     */
    static void requireAtLeast(CommandSpec spec, String option, int value, int min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), option + " must be at least " + min + ", but was "
                    + value);
        }
    }
}
