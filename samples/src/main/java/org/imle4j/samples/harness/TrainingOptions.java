package org.imle4j.samples.harness;

import ai.djl.training.optimizer.Optimizer;
import picocli.CommandLine.Option;

/**
 * The options of an experiment that trains with Adam, as a picocli {@code @Mixin}: epochs, batch size and learning
 * rate, with the defaults each command gives its instance ({@code @Mixin TrainingOptions training = new
 * TrainingOptions(20, 32, 3e-3)}); the help shows them.
 */
public final class TrainingOptions {
    /** The number of epochs ({@code --epochs}). */
    @Option(names = "--epochs", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(0) public int epochs;

    /** The batch size ({@code --batch}). */
    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) public int batch;

    /** The learning rate ({@code --learning-rate}). */
    @Option(names = "--learning-rate", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    @Range.Positive public double learningRate;

    /**
     * Creates the options with a command's defaults; picocli overwrites what the command line gives.
     *
     * @param epochs the default number of epochs
     * @param batch the default batch size
     * @param learningRate the default learning rate of Adam
     */
    public TrainingOptions(int epochs, int batch, double learningRate) {
        this.epochs = epochs;
        this.batch = batch;
        this.learningRate = learningRate;
    }

    /**
     * The batches of one epoch over some examples, the last one smaller if need be.
     *
     * @param examples the training examples
     * @return {@code ⌈examples / batch⌉}
     */
    public long batchesPerEpoch(int examples) {
        return (examples + batch - 1) / batch;
    }

    /**
     * Adam at {@code --learning-rate}.
     *
     * @param weightDecay the L2 weight decay, 0 for none
     * @return the optimiser
     */
    public Optimizer adam(double weightDecay) {
        return Training.adam(learningRate, weightDecay);
    }
}
