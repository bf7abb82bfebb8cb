package org.imle4j.samples.harness;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.imle4j.runtime.autograd.ImleTrainer;
import org.imle4j.samples.report.Progress;

/**
 * Trains a model as imle4j's users do: an {@link ImleTrainer} driven by DJL's {@link EasyTrain#fit}, with training
 * listeners that record each epoch's mean training loss and time, evaluate the model after each epoch, advance the
 * progress bar, and check every step's gradient: a step whose gradient is not finite is recomputed (PyTorch's oneDNN
 * convolution backward now and then returns a non-finite input gradient), and one that stays non-finite stops the run
 * before the optimiser spreads NaN to every weight, naming the run, the epoch, the batch and the parameters.
 */
public final class Training implements AutoCloseable {
    private static final String EPOCH_LOSS = "training epoch";

    private final String name;
    private final Trainer trainer;
    private final EpochListener epochs;

    private Training(String name, Trainer trainer, EpochListener epochs) {
        this.name = name;
        this.trainer = trainer;
        this.epochs = epochs;
    }

    /**
     * One epoch of training.
     *
     * @param <T> the evaluation's type
     * @param epoch the epoch, from 1
     * @param trainLoss the mean over the epoch's batches of the training loss
     * @param test the evaluation after the epoch, null if none
     * @param seconds the epoch's training time, evaluation excluded
     */
    public record Epoch<T>(int epoch, double trainLoss, T test, double seconds) {}

    /**
     * Opens a trainer for a model: its loss, optimiser and device, and the listeners of {@link Training}.
     *
     * @param name the run's name in error messages, e.g. {@code shortest-path AIMLE}
     * @param model the model, its block set
     * @param loss the training loss
     * @param optimizer the optimiser
     * @param device the device to train on
     * @param progress advanced once per training batch
     * @return the training, to close after use (it closes the trainer, not the model)
     */
    public static Training start(String name, Model model, Loss loss, Optimizer optimizer, Device device,
            Progress progress) {
        EpochListener epochs = new EpochListener(name, progress);
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(optimizer)
                .optDevices(new Device[] {device}).addTrainingListeners(epochs);
        Trainer trainer = new ImleTrainer(model, config);
        trainer.getLoss().addAccumulator(EPOCH_LOSS);
        return new Training(name, trainer, epochs);
    }

    /**
     * Adam with a fixed learning rate.
     *
     * @param learningRate the learning rate, positive
     * @param weightDecay the L2 weight decay, 0 for none
     * @return the optimiser
     */
    public static Optimizer adam(double learningRate, double weightDecay) {
        return Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate))
                .optWeightDecays((float) weightDecay).build();
    }

    /**
     * Seeds the engine's random generator (initial weights, noise) and DJL's own.
     *
     * @param seed the seed
     */
    public static void seed(int seed) {
        Engine.getInstance().setRandomSeed(seed);
    }

    /**
     * A dataset of examples (rows of {@code data}) and their labels, in batches visited in a new random order each
     * epoch, drawn from {@code seed} alone (not from the engine's generator, which the layers' noise draws from),
     * the last batch smaller if need be.
     *
     * @param data the inputs, one row per example
     * @param labels the labels, one row per example each
     * @param batch the batch size
     * @param seed the seed of the orders
     * @return the dataset
     */
    public static ArrayDataset dataset(NDArray data, NDList labels, int batch, long seed) {
        return new ArrayDataset.Builder().setData(data).optLabels(labels.toArray(NDArray[]::new))
                .setSampling(new BatchSampler(new SeededSampler(seed), batch, false)).build();
    }

    /** {@return the trainer, for forward passes outside training (its model's block and parameter store)} */
    public Trainer trainer() {
        return trainer;
    }

    /**
     * Initialises the model's parameters.
     *
     * @param inputShapes the shapes of one batch of inputs
     * @return this training
     */
    public Training initialize(Shape... inputShapes) {
        trainer.initialize(inputShapes);
        return this;
    }

    /**
     * Trains for some epochs with {@link EasyTrain#fit}, evaluating the model after each.
     *
     * @param <T> the evaluation's type
     * @param data the training data
     * @param epochCount the number of epochs
     * @param evaluation evaluates the model after an epoch, outside the epoch's time; may return null
     * @return the epochs, in order
     * @throws IllegalStateException if a step's gradient is not finite
     */
    public <T> List<Epoch<T>> fit(Dataset data, int epochCount, Supplier<T> evaluation) {
        List<Epoch<T>> done = new ArrayList<>();
        epochs.begin(() -> done.add(new Epoch<>(done.size() + 1, epochs.loss(trainer), evaluation.get(),
                epochs.seconds())));
        try {
            EasyTrain.fit(trainer, epochCount, data, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the training data of " + name, e);
        } catch (TranslateException e) {
            throw new IllegalStateException("cannot batch the training data of " + name, e);
        }
        return done;
    }

    /**
     * Steps recomputed so far because their gradient was not finite (each one also printed on the standard error).
     *
     * @return the number of recomputations, 0 in a run where every gradient came out finite
     */
    public int recomputedSteps() {
        return epochs.recomputed;
    }

    @Override
    public void close() {
        trainer.close();
    }

    /** Times epochs, collects their loss, advances the progress bar and checks every step's gradient. */
    private static final class EpochListener extends TrainingListenerAdapter {
        private final String name;
        private final Progress progress;
        private Runnable endOfEpoch = () -> {};
        private long epochStart;
        private long epochNanos;
        /** Recomputations of one step whose gradient is not finite before the run stops. */
        private static final int RECOMPUTATIONS = 2;

        private int epoch;
        private int batch;
        private int recomputed;

        EpochListener(String name, Progress progress) {
            this.name = name;
            this.progress = progress;
        }

        void begin(Runnable atEndOfEpoch) {
            endOfEpoch = atEndOfEpoch;
            epoch = 1;
            batch = 0;
            epochStart = System.nanoTime();
        }

        double loss(Trainer trainer) {
            double mean = trainer.getLoss().getAccumulator(EPOCH_LOSS);
            trainer.getLoss().resetAccumulator(EPOCH_LOSS);
            return mean;
        }

        double seconds() {
            return epochNanos / 1e9;
        }

        @Override
        public void onTrainingBatch(Trainer trainer, TrainingListener.BatchData data) {
            batch++;
            requireFiniteGradients(trainer, data);
            for (var device : data.getLabels().keySet()) {
                trainer.getLoss().updateAccumulator(EPOCH_LOSS, data.getLabels().get(device),
                        data.getPredictions().get(device));
            }
            progress.step();
        }

        @Override
        public void onEpoch(Trainer trainer) {
            epochNanos = System.nanoTime() - epochStart;
            endOfEpoch.run();
            epoch++;
            batch = 0;
            epochStart = System.nanoTime();
        }

        /**
         * Checks the step's gradients and recomputes the step, up to {@value #RECOMPUTATIONS} times, where one is not
         * finite: PyTorch 2.7.1's oneDNN convolution backward now and then returns a non-finite gradient of a
         * convolution's input for finite inputs, in a few steps per thousand (see {@code ConvolutionGradientTest}), and
         * a second forward and backward pass of the same batch gives a finite one. A gradient that stays non-finite
         * stops the run.
         */
        private void requireFiniteGradients(Trainer trainer, TrainingListener.BatchData data) {
            List<Pair<String, Parameter>> parameters = trainer.getModel().getBlock().getParameters().stream()
                    .filter(parameter -> parameter.getValue().requiresGradient()).toList();
            List<String> bad = nonFinite(parameters);
            int attempts = 0;
            while (!bad.isEmpty() && attempts < RECOMPUTATIONS) {
                attempts++;
                recomputed++;
                System.err.println(name + ": epoch " + epoch + ", batch " + batch + ": the gradient of " + bad
                        + " is not finite (NaN or ±∞); the step is recomputed (" + attempts + " of " + RECOMPUTATIONS
                        + ")");
                recompute(trainer, parameters, data.getBatch());
                bad = nonFinite(parameters);
            }
            if (!bad.isEmpty()) {
                throw new IllegalStateException(name + ": epoch " + epoch + ", batch " + batch + ": the gradient of "
                        + bad + " is not finite (NaN or ±∞), also after recomputing the step " + RECOMPUTATIONS
                        + " times; stopped before the optimiser step would spread it to every weight. The model: "
                        + trainer.getModel().getBlock());
            }
        }

        /** The parameters whose gradients are not finite; one copy to the host when all are. */
        private static List<String> nonFinite(List<Pair<String, Parameter>> parameters) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray total = null;
                for (Pair<String, Parameter> parameter : parameters) {
                    NDArray sum = parameter.getValue().getArray().getGradient().sum();
                    total = total == null ? sum : total.add(sum);
                }
                if (total == null || Float.isFinite(total.getFloat())) {
                    return List.of();
                }
                return parameters.stream().filter(parameter -> !Float.isFinite(
                        parameter.getValue().getArray().getGradient().sum().getFloat())).map(Pair::getKey).toList();
            }
        }

        /** The batch's forward and backward pass again, from zero gradients, as {@link EasyTrain} runs them. */
        private static void recompute(Trainer trainer, List<Pair<String, Parameter>> parameters, Batch batch) {
            for (Pair<String, Parameter> parameter : parameters) {
                JniUtils.zeroGrad((PtNDArray) parameter.getValue().getArray());
            }
            try (NDScope scope = new NDScope(); GradientCollector collector = trainer.newGradientCollector()) {
                scope.suppressNotUsedWarning();
                NDList predictions = trainer.forward(batch.getData(), batch.getLabels());
                collector.backward(trainer.getLoss().evaluate(batch.getLabels(), predictions));
            }
        }
    }
}
