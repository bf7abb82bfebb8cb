package org.imle4j.samples.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Each command's defaults of the training and estimator options, shown in its help and overridden by its options. */
class TrainingOptionsTest {
    @Command(name = "trainer")
    static final class TrainerCommand implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Mixin
        TrainingOptions training = new TrainingOptions(7, 3, 0.5);

        @Mixin
        EstimatorOptions estimator = new EstimatorOptions(4, 100, 0, 1e-3, 2);

        @Mixin
        SplitOptions split = new SplitOptions(50, 20);

        @Mixin
        RepeatOptions repeats = new RepeatOptions(3);

        @Override
        public Integer call() {
            common.checkRanges();
            return 0;
        }
    }

    @Test
    void theCommandsDefaultsHoldUntilAnOptionOverridesThem() {
        TrainerCommand command = new TrainerCommand();
        new CommandLine(command).parseArgs("--epochs", "2", "--lambda", "5", "--train", "8", "--seeds", "5");
        assertEquals(2, command.training.epochs);
        assertEquals(3, command.training.batch);
        assertEquals(0.5, command.training.learningRate);
        assertEquals(2, command.training.batchesPerEpoch(6));
        assertEquals(3, command.training.batchesPerEpoch(7));
        assertEquals(4, command.estimator.samples);
        assertEquals(8, command.split.train);
        assertEquals(20, command.split.test);
        assertEquals(5, command.repeats.count);
        assertEquals(3, new TrainerCommand().repeats.count);
        assertEquals(EstimatorChoice.Settings.defaults().withLambda(5).withAimle(0, 1e-3, 2),
                command.estimator.settings());
        String help = new CommandLine(new TrainerCommand()).getUsageMessage();
        assertTrue(help.contains("Training epochs (default: 7)") && help.contains("(default: 0.5)"), help);
    }

    @Test
    void outOfRangeValuesAreOneLineErrors() {
        List<String> errors = new ArrayList<>();
        for (String[] args : List.of(new String[] {"--epochs", "-1"}, new String[] {"--learning-rate", "-1"},
                new String[] {"--beta-step", "Infinity"}, new String[] {"--samples", "0"},
                new String[] {"--test", "0"}, new String[] {"--repeats", "0"})) {
            CommandLine line = new CommandLine(new TrainerCommand());
            line.setParameterExceptionHandler((error, ignored) -> {
                errors.add(error.getMessage());
                return 2;
            });
            assertEquals(2, line.execute(args));
        }
        assertEquals(List.of("--epochs must be at least 0, but was -1",
                "--learning-rate must be positive and finite, but was -1.0",
                "--beta-step must be non-negative and finite, but was Infinity",
                "--samples must be at least 1, but was 0", "--test must be at least 1, but was 0",
                "--repeats must be at least 1, but was 0"), errors);
    }
}
