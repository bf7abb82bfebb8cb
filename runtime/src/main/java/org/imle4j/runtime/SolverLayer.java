package org.imle4j.runtime;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.lang.ref.WeakReference;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.imle4j.annotation.Attribute;
import org.imle4j.annotation.Attribute.Range;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Output;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.internal.DeferredBackward;
import org.imle4j.runtime.estimator.EstimatorContext;
import org.imle4j.runtime.estimator.GradientEstimator;
import org.imle4j.runtime.internal.LayerEstimatorContext;
import org.imle4j.runtime.noise.NoiseSampler;
import org.imle4j.runtime.noise.SumOfGammaNoise;
import org.imle4j.runtime.solve.ArraySolvers;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.internal.CachingSolver;
import org.imle4j.runtime.internal.Finiteness;
import org.imle4j.runtime.solve.SolutionDomain;
import org.imle4j.runtime.solve.SolverExecutor;
import org.imle4j.runtime.solve.SolverIdentity;
import org.imle4j.runtime.internal.SolverRunner;
import org.imle4j.runtime.solve.SolverStatistics;

/**
 * A DJL block around a combinatorial solver {@code z = MAP(θ)}, trained through a gradient estimator such as I-MLE.
 * The annotation processor generates one subclass per {@code @ImleLayer} or {@code @AimleLayer} method.
 *
 * <p>Input: {@code NDList(θ, extra₁, …)} with θ of shape {@code [B, …]} (one solver instance per row) and one extra
 * input per {@code @Input} parameter of the solver, {@code [B, …]} each. Output while training: the perturbed
 * solutions, {@code [B·S, …]} (each row the mean of its M marginal samples) or their mean {@code [B, …]}, as the
 * settings say; the output is a leaf whose gradient the estimator turns into dL/dθ in the deferred backward (with
 * {@link Output#SAMPLES}, the mean over the S samples of the per-sample estimates; labels stay {@code [B, …]}: see
 * {@link org.imle4j.runtime.loss.PerSampleLoss}), so
 * training needs an {@link org.imle4j.runtime.autograd.ImleTrainer} or
 * {@link org.imle4j.runtime.autograd.ImleGradientCollector}. Output otherwise: the noiseless {@code MAP(θ)},
 * {@code [B, …]}.
 *
 * <p>The block has no parameters; an adaptive estimator's state is saved and loaded with the model's parameters.
 */
public abstract class SolverLayer extends AbstractBlock {
    /** 2: the estimator's state is framed by its kind and length; 1 (before) wrote it bare. */
    private static final byte VERSION = 2;
    /** Opens every layer's framed metadata, so that bytes of another block are told apart from a layer's. */
    private static final String MAGIC = "imle4j.SolverLayer";

    private final SolverIdentity identity;
    private final int eventRank;
    private final int extraInputs;
    private final PerturbationSettings settings;
    private final GradientEstimator estimator;
    private final SolutionDomain domain;
    private final SolverRunner solver;
    /** The solution cache of training, null without one. */
    private final CachingSolver cache;
    private final SolverRunner trainingSolver;

    /**
     * Creates the layer.
     *
     * @param builder the validated settings
     * @param solver the solver of a batch of instances
     * @throws IllegalArgumentException if the estimator does not fit the solver's structure or the noise, naming the
     *     layer, the estimator, what it needs and what would fit; if the builder's estimator factory returned null
     *     or the estimator of the layer it built before; or if the solver executor set by
     *     {@link Builder#optSolverExecutor} cannot run the solver (a batch solver, or one that cannot be serialised
     *     for an executor that sends it to other machines)
     * @throws IllegalStateException if the system property {@code imle4j.solver.executor} names an executor that
     *     is not on the class path or cannot be made
     */
    protected SolverLayer(Builder<?> builder, BatchSolver solver) {
        super(VERSION);
        this.identity = builder.identity;
        this.eventRank = builder.eventRank;
        this.extraInputs = builder.extraInputs;
        this.settings = builder.settings();
        this.estimator = builder.estimator();
        builder.checkFits(estimator);
        this.domain = SolutionDomain.of(builder.structure, builder.checkSolutions);
        solver = builder.onExecutor(solver);
        this.solver = new SolverRunner(identity, solver, domain, builder.solverTimeoutMillis);
        this.cache = builder.solveRatio < 1
                ? new CachingSolver(solver, builder.solveRatio, settings.minimizing(), builder.cacheCapacity)
                : null;
        this.trainingSolver = cache != null
                ? new SolverRunner(identity, cache, domain, builder.solverTimeoutMillis)
                : this.solver;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray theta = checkInputs(inputs);
        NDList extra = inputs.subNDList(1);
        if (theta.getShape().get(0) == 0) {
            return new NDList(emptyOutput(theta, training));
        }
        if (!training) {
            DeferredBackward.inferenceForward(this, identity.describe());
            return new NDList(solver.solve(theta.stopGradient(), extra, 1));
        }
        DeferredBackward deferred = DeferredBackward.require(this, identity.describe());
        if (cache != null) {
            // The cache's memory goes with the trainer's parameter store; a step that fails leaves it as it was.
            cache.keepIn(parameterStore.getManager());
            deferred.restoreOnFailure(cache.checkpoint(deferred));
        }
        EstimatorContext context = new LayerEstimatorContext(identity, theta, settings,
                (instances, repeats, listener) -> trainingSolver.solve(instances, extra, repeats, listener), deferred);
        NDArray output = estimator.forward(context);
        if (output.getShape().get(0) != theta.getShape().get(0)) {
            deferred.sampleRows(identity.describe(), settings.samples(), theta.getShape(), output.getShape());
        }
        return new NDList(output);
    }

    /**
     * The output for a batch of no examples: {@code [0, …]}, θ's shape, whatever the estimator and output, as no
     * solver runs. While training it is a leaf that takes a gradient, so a loss over it can be back-propagated.
     */
    private NDArray emptyOutput(NDArray theta, boolean training) {
        if (training) {
            DeferredBackward.require(this, identity.describe());
        }
        NDArray empty = theta.getManager().zeros(theta.getShape(), theta.getDataType(), theta.getDevice());
        if (training) {
            empty.setRequiresGradient(true);
        }
        return empty;
    }

    /**
     * Returns θ's shape: the shape of the output outside training, and of each sample while training. With
     * {@link Output#SAMPLES} the training output has {@code B·S} rows.
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /**
     * The layer's name and solver method, as named in its error messages.
     *
     * @return the identity
     */
    public SolverIdentity getIdentity() {
        return identity;
    }

    /**
     * The perturbation settings the layer was built with: samples, noise, temperatures, difference scheme, sense and
     * output.
     *
     * @return the settings, immutable
     */
    public PerturbationSettings getSettings() {
        return settings;
    }

    /**
     * The gradient estimator that turns the output's gradient into dL/dθ: the annotation's (I-MLE or adaptive
     * I-MLE) unless the builder's {@code optEstimator} replaced it.
     *
     * @return the estimator, with its state (an adaptive estimator's β)
     */
    public GradientEstimator getEstimator() {
        return estimator;
    }

    /**
     * The structure the solver's solutions are checked against.
     *
     * @return the declared structure and whether solutions are checked against it
     */
    public SolutionDomain getSolutionDomain() {
        return domain;
    }

    /**
     * The counters of the solver outside training (and while training without a solution cache): its calls so far
     * and the time spent in them.
     *
     * @return the counters, which grow with every call
     */
    public SolverStatistics getSolver() {
        return solver;
    }

    /**
     * Writes the layer's metadata, framed so that a load can tell whether it fits: a marker, the kind of the
     * estimator's state ({@link GradientEstimator#stateKind()}), the length and CRC-32 of what follows, then the input
     * shapes and the estimator's state.
     *
     * @param os where to write
     * @throws IOException if writing fails
     */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream state = new DataOutputStream(bytes)) {
            saveInputShapes(state);
            estimator.saveState(state);
        }
        byte[] payload = bytes.toByteArray();
        CRC32 checksum = new CRC32();
        checksum.update(payload);
        os.writeUTF(MAGIC);
        os.writeUTF(estimator.stateKind());
        os.writeInt(payload.length);
        os.writeLong(checksum.getValue());
        os.write(payload);
    }

    /**
     * Reads what {@link #saveMetadata} wrote and loads the estimator's state, checked. Every failure names the layer:
     * a checkpoint of another format or another estimator, one that ends early, corrupt or out-of-range state.
     *
     * @param loadVersion the format version the checkpoint gives for this layer
     * @param is where to read
     * @throws IOException if reading fails for another reason than the checkpoint's content
     * @throws MalformedModelException if the checkpoint does not hold this layer's metadata, or holds invalid state
     */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        String layer = identity.describe();
        if (loadVersion == 1) {
            throw new MalformedModelException(layer + ": the checkpoint has solver layer format 1, written by an "
                    + "earlier imle4j that did not record which estimator the state belongs to, so it cannot be "
                    + "checked against this model and is not loaded; retrain, or load it with the imle4j that wrote it");
        }
        if (loadVersion != VERSION) {
            throw new MalformedModelException(layer + ": the checkpoint holds format version " + loadVersion
                    + " where this layer expects its metadata, format " + VERSION
                    + "; it is corrupt or was saved from a model of other blocks");
        }
        String expected = estimator.stateKind();
        byte[] payload;
        try {
            String magic = is.readUTF();
            if (!MAGIC.equals(magic)) {
                throw new MalformedModelException(layer + ": the checkpoint holds no solver layer metadata where this "
                        + "layer's should be; it is corrupt or was saved from a model of other blocks");
            }
            String held = is.readUTF();
            if (!held.equals(expected)) {
                throw new MalformedModelException(layer + ": the checkpoint holds the state of estimator «" + held
                        + "», but this model's layer has estimator «" + expected + "»; build the layer with the "
                        + "estimator the checkpoint was saved with");
            }
            int length = is.readInt();
            if (length < 0) {
                throw new MalformedModelException(layer + ": corrupt checkpoint: its metadata length is " + length);
            }
            long expectedChecksum = is.readLong();
            payload = is.readNBytes(length);
            if (payload.length < length) {
                throw truncated(layer, null);
            }
            CRC32 checksum = new CRC32();
            checksum.update(payload);
            if (checksum.getValue() != expectedChecksum) {
                throw new MalformedModelException(layer + ": corrupt checkpoint: the state of «" + held
                        + "» does not match its checksum");
            }
        } catch (EOFException e) {
            throw truncated(layer, e);
        } catch (UTFDataFormatException e) {
            throw new MalformedModelException(layer + ": corrupt checkpoint: " + e.getMessage(), e);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        try {
            readInputShapes(in);
            estimator.loadState(in);
            if (in.available() > 0) {
                throw new MalformedModelException(layer + ": corrupt checkpoint: " + in.available()
                        + " bytes of the state of «" + expected + "» left unread");
            }
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // A corrupt count of shapes or dimensions makes DJL's decoder allocate an array of that size at once: the
            // allocation fails alone, nothing else is affected.
            throw new MalformedModelException(layer + ": corrupt or invalid checkpoint state of «" + expected + "»: "
                    + (e instanceof EOFException ? "it ends early" : e.getMessage()), e);
        }
    }

    private static MalformedModelException truncated(String layer, Throwable cause) {
        return new MalformedModelException(layer + ": the checkpoint ends inside this layer's metadata; the file is "
                + "truncated", cause);
    }

    @Override
    public String toString() {
        return identity.layer() + "(solver " + identity.method() + ", " + estimator + ", " + settings + ", "
                + domain + ")";
    }

    private NDArray checkInputs(NDList inputs) {
        if (inputs.size() != 1 + extraInputs) {
            throw new IllegalArgumentException(identity.describe() + " takes " + (1 + extraInputs)
                    + " input(s), θ" + (extraInputs == 0 ? "" : " and " + extraInputs + " extra input(s)")
                    + ", but got " + inputs.size());
        }
        NDArray theta = inputs.head();
        Shape shape = theta.getShape();
        if (eventRank >= 0 && shape.dimension() != eventRank + 1) {
            throw new IllegalArgumentException(identity.describe() + ": θ must have rank " + (eventRank + 1)
                    + " ([B, " + (eventRank == 1 ? "n" : "rows, cols") + "]: a batch of the solver's "
                    + eventRank + "-D input), but has shape " + shape);
        }
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException(identity.describe()
                    + ": θ must have a batch axis and at least one more, [B, …], but has shape " + shape);
        }
        if (!theta.getDataType().isFloating()) {
            throw new IllegalArgumentException(identity.describe() + ": θ must be floating point, but is "
                    + theta.getDataType());
        }
        for (int i = 1; i < inputs.size(); i++) {
            Shape extraShape = inputs.get(i).getShape();
            if (extraShape.dimension() == 0 || extraShape.get(0) != shape.get(0)) {
                throw new IllegalArgumentException(identity.describe() + ": extra input " + (i - 1)
                        + " must have one row per example of θ (" + shape.get(0) + "), but has shape " + extraShape);
            }
        }
        int bad = Finiteness.firstNonFiniteRow(theta);
        if (bad >= 0) {
            throw identity.failure("θ holds NaN or infinite values; check the layers that compute θ (learning rate, "
                    + "divisions, logarithms)", bad, 1, null);
        }
        return theta;
    }

    /**
     * Settings shared by all solver layers. Every {@code optX} method overrides the value of the annotation
     * attribute of the same name; the defaults stated here are the annotations' defaults, and both defaults and ranges
     * come from {@link Attribute}.
     *
     * @param <T> the concrete builder
     */
    public abstract static class Builder<T extends Builder<T>> {
        private final SolverIdentity identity;
        private final int eventRank;
        private final int extraInputs;
        private int samples = Attribute.SAMPLES.defaultValue(Integer.class);
        private int marginalSamples = Attribute.MARGINAL_SAMPLES.defaultValue(Integer.class);
        private Noise noise = Attribute.NOISE.defaultValue(Noise.class);
        private double sumOfGammaK = Attribute.SUM_OF_GAMMA_K.defaultValue(Double.class);
        private int sumOfGammaIterations = Attribute.SUM_OF_GAMMA_ITERATIONS.defaultValue(Integer.class);
        private boolean exactSumOfGamma;
        private double noiseTemperature = Attribute.NOISE_TEMPERATURE.defaultValue(Double.class);
        private double targetNoiseTemperature = Attribute.TARGET_NOISE_TEMPERATURE.defaultValue(Double.class);
        private Difference difference = Attribute.DIFFERENCE.defaultValue(Difference.class);
        private Objective objective = Attribute.OBJECTIVE.defaultValue(Objective.class);
        private Structure structure = Attribute.STRUCTURE.defaultValue(Structure.class);
        private boolean checkSolutions = true;
        private Output output = Attribute.OUTPUT.defaultValue(Output.class);
        private int solverThreads;
        /** The executor set by {@link #optSolverExecutor}, or null for the system property's. */
        private SolverExecutor solverExecutor;
        private int solverTimeoutMillis = Attribute.SOLVER_TIMEOUT_MILLIS.defaultValue(Integer.class);
        private double solveRatio = 1.0;
        private int cacheCapacity = 10_000;
        private Supplier<? extends GradientEstimator> estimators;
        /** The estimator of the layer built last from {@link #estimators}, to refuse a factory that repeats it. */
        private WeakReference<GradientEstimator> lastEstimator = new WeakReference<>(null);

        /**
         * Creates a builder.
         *
         * @param layer the layer's class simple name
         * @param method the solver method, {@code owner.Class#method}
         * @param eventRank the rank of one instance of θ, or -1 for a batch solver that accepts any rank
         * @param extraInputs the number of extra inputs ({@code @Input} parameters)
         */
        protected Builder(String layer, String method, int eventRank, int extraInputs) {
            this.identity = new SolverIdentity(layer, method);
            this.eventRank = eventRank;
            this.extraInputs = extraInputs;
        }

        /**
         * Returns this builder, typed as the concrete builder so that chained {@code optX} calls keep its methods.
         *
         * @return {@code this}
         */
        protected abstract T self();

        /**
         * The estimator of the annotation (I-MLE or adaptive I-MLE) for these settings, used unless
         * {@link #optEstimator} replaced it. Called once, by the layer's constructor, after {@link #validate()}.
         *
         * @return a new estimator, owned by the layer
         */
        protected abstract GradientEstimator defaultEstimator();

        /**
         * Sets the number S of perturbed samples per example.
         *
         * @param samples S, at least 1 (checked by {@code build()}); default 1
         * @return this builder
         */
        public T optSamples(int samples) {
            this.samples = samples;
            return self();
        }

        /**
         * Sets the number M of marginal samples per perturbed sample: each of the S outputs is the mean of M
         * solutions.
         *
         * @param marginalSamples M, at least 1 (checked by {@code build()}); default 1
         * @return this builder
         */
        public T optMarginalSamples(int marginalSamples) {
            this.marginalSamples = marginalSamples;
            return self();
        }

        /**
         * Sets the distribution of the perturbation added to θ.
         *
         * @param noise the distribution, not null (checked by {@code build()}); default {@link Noise#SUM_OF_GAMMA}
         * @return this builder
         */
        public T optNoise(Noise noise) {
            this.noise = noise;
            return self();
        }

        /**
         * Sets k of Sum-of-Gamma noise (Niepert et al., 2021), usually the number of ones in a solution; ignored by
         * other noise.
         *
         * @param sumOfGammaK k, positive and finite (checked by {@code build()}); default 1
         * @return this builder
         */
        public T optSumOfGammaK(double sumOfGammaK) {
            this.sumOfGammaK = sumOfGammaK;
            return self();
        }

        /**
         * Sets s, the number of Gamma terms of Sum-of-Gamma noise; ignored by other noise.
         *
         * @param sumOfGammaIterations s, at least 1 (checked by {@code build()}); default 10
         * @return this builder
         */
        public T optSumOfGammaIterations(int sumOfGammaIterations) {
            this.sumOfGammaIterations = sumOfGammaIterations;
            return self();
        }

        /**
         * Whether Sum-of-Gamma noise draws its s Gamma terms for every entry (exact, slow) rather than looking up its
         * tabulated quantile function (Kolmogorov–Smirnov distance below 0.003, fast); default false.
         *
         * @param exactSumOfGamma true to draw the Gamma terms
         * @return this builder
         */
        public T optExactSumOfGamma(boolean exactSumOfGamma) {
            this.exactSumOfGamma = exactSumOfGamma;
            return self();
        }

        /**
         * Sets τ, the scale of the noise added to θ: the solver sees {@code θ + τ·ε}.
         *
         * @param noiseTemperature τ, non-negative and finite (checked by {@code build()}; 0 adds no noise); default 1
         * @return this builder
         */
        public T optNoiseTemperature(double noiseTemperature) {
            this.noiseTemperature = noiseTemperature;
            return self();
        }

        /**
         * Sets τ', the scale of the noise added to the target θ': the solver sees {@code θ' + τ'·ε}.
         *
         * @param targetNoiseTemperature τ', non-negative and finite (checked by {@code build()}); default 1
         * @return this builder
         */
        public T optTargetNoiseTemperature(double targetNoiseTemperature) {
            this.targetNoiseTemperature = targetNoiseTemperature;
            return self();
        }

        /**
         * Sets the finite-difference scheme of the gradient estimate.
         *
         * @param difference the scheme, not null (checked by {@code build()}); default {@link Difference#FORWARD}
         * @return this builder
         */
        public T optDifference(Difference difference) {
            this.difference = difference;
            return self();
        }

        /**
         * Sets the solver's sense: a minimising solver's θ is negated wherever the maths needs maximisation form.
         *
         * @param objective the sense, not null (checked by {@code build()}); default {@link Objective#MAXIMIZE}
         * @return this builder
         */
        public T optObjective(Objective objective) {
            this.objective = objective;
            return self();
        }

        /**
         * The set the solver's solutions come from; default {@link Structure#UNSPECIFIED}. {@code build()} refuses an
         * estimator that does not fit it (see {@link GradientEstimator#requirements()}), and every solution is
         * checked against it unless {@link #optCheckSolutions} turns that off.
         *
         * @param structure the solver's structure
         * @return this builder
         */
        public T optStructure(Structure structure) {
            this.structure = structure;
            return self();
        }

        /**
         * Whether every solution is checked against the declared structure (0/1 entries, one 1 per row, the same
         * number of ones, a permutation…) as it is written, failing with a {@link
         * org.imle4j.runtime.solve.SolverException} that names the instance; default true. The check is one pass
         * over each plain-Java solution; for a batch solver, one pass on the host over few {@code float32}
         * solutions, otherwise a few tensor operations per call. Shape and finiteness are always checked.
         *
         * @param checkSolutions false to skip the structure check, for speed once the solver is trusted
         * @return this builder
         */
        public T optCheckSolutions(boolean checkSolutions) {
            this.checkSolutions = checkSolutions;
            return self();
        }

        /**
         * Sets what the layer returns while training: the S perturbed solutions of each example, {@code [B·S, …]},
         * or their mean, {@code [B, …]}.
         *
         * @param output the output, not null (checked by {@code build()}); default {@link Output#SAMPLES}
         * @return this builder
         */
        public T optOutput(Output output) {
            this.output = output;
            return self();
        }

        /**
         * Threads that run a plain-Java solver over a batch: 0 (default) for the shared pool of
         * {@code imle4j.solver.threads} threads, 1 to solve in order on the calling thread, n to use at most n.
         * A batch ({@code NDArray}) solver ignores it.
         *
         * @param solverThreads the number of threads, at least 0 (checked by {@code build()}); default 0
         * @return this builder
         */
        public T optSolverThreads(int solverThreads) {
            this.solverThreads = solverThreads;
            return self();
        }

        /**
         * Where a plain-Java solver's instances are solved: {@link SolverExecutor#local()}, the shared pool of this
         * JVM, or an executor that sends them to other machines, such as the members of a cluster
         * ({@code org.imle4j.cluster.ClusterSolverExecutor} in {@code imle4j-cluster}). By default (null), the
         * executor that the system property {@value SolverExecutor#PROPERTY} names, {@code local} unless set; a batch
         * ({@code NDArray}) solver then stays on the calling thread whatever the property says.
         *
         * @param solverExecutor the executor, or null for the system property's; {@code build()} refuses an executor
         *     other than the local one for a batch solver, and one that sends the solver elsewhere for a solver that
         *     cannot be serialised
         * @return this builder
         */
        public T optSolverExecutor(SolverExecutor solverExecutor) {
            this.solverExecutor = solverExecutor;
            return self();
        }

        /**
         * Time limit of one solver call over a batch, in milliseconds; at least 0, default 0 (no limit). A plain-Java
         * solver's call that takes longer fails with a {@link org.imle4j.runtime.solve.SolverException} naming the
         * instances not finished: instances not yet started are not started, solver threads still running are
         * interrupted, and the caller returns even if a solver ignores the interrupt (its thread is replaced in the
         * pool while the solver holds it). With a limit the calling thread only waits, the pool's threads solve. A
         * batch ({@code NDArray}) solver runs on the calling thread and cannot be stopped; it finds the limit in
         * {@link org.imle4j.runtime.solve.SolveRequest#timeoutMillis()}.
         *
         * @param solverTimeoutMillis the limit in milliseconds, or 0 for none
         * @return this builder
         */
        public T optSolverTimeoutMillis(int solverTimeoutMillis) {
            this.solverTimeoutMillis = solverTimeoutMillis;
            return self();
        }

        /**
         * Solution cache while training (Mandi et al. 2020, PyEPO's {@code solve_ratio}): each perturbed instance is
         * solved with probability {@code solveRatio}, the others take the best of the last {@code capacity} distinct
         * solutions for their θ. Default 1: always solve. Inference always solves. Not for solvers with
         * {@code @Input} parameters.
         *
         * @param solveRatio the probability that a perturbed instance is solved, in (0, 1] (checked by
         *     {@code build()}); default 1
         * @param capacity the most distinct solutions kept, at least 1 (checked by {@code build()}); default 10000
         * @return this builder
         */
        public T optSolutionCache(double solveRatio, int capacity) {
            this.solveRatio = solveRatio;
            this.cacheCapacity = capacity;
            return self();
        }

        /**
         * Replaces the layer's gradient estimator (default: the annotation's, I-MLE or adaptive I-MLE); the solver,
         * noise, samples and output stay as they are. The builder calls {@code estimators} once in every
         * {@code build()}, so each layer it builds has an estimator of its own, with its own state (adaptive I-MLE's
         * β, a moving-average baseline): pass a factory, {@code optEstimator(Estimators::ste)} or
         * {@code optEstimator(() -> Estimators.imle(0.5))}.
         *
         * @param estimators makes a new estimator on each call, or null for the annotation's; {@code build()} refuses
         *     an estimator that does not fit the solver's structure or the noise, a null one, and the estimator of the
         *     layer built before from this builder
         * @return this builder
         */
        public T optEstimator(Supplier<? extends GradientEstimator> estimators) {
            this.estimators = estimators;
            return self();
        }

        /**
         * The layer and solver method, for messages.
         *
         * @return the identity given to the constructor
         */
        protected SolverIdentity identity() {
            return identity;
        }

        /**
         * The configured number of solver threads, for the generated code that builds the solver.
         *
         * @return the value of {@link #optSolverThreads}, 0 by default
         */
        protected int solverThreads() {
            return solverThreads;
        }

        /**
         * {@code solver} on the executor of {@link #optSolverExecutor} or of the system property.
         *
         * @throws IllegalArgumentException naming the layer and the solver method if the executor set cannot run it
         */
        final BatchSolver onExecutor(BatchSolver solver) {
            SolverExecutor executor = solverExecutor != null ? solverExecutor : SolverExecutor.configured();
            if (executor == SolverExecutor.local()
                    || solverExecutor == null && !ArraySolvers.isPlainJava(solver)) {
                return solver;
            }
            try {
                return ArraySolvers.onExecutor(solver, executor);
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(identity.describe())
                        ? e : new IllegalArgumentException(identity.describe() + ": " + e.getMessage(), e);
            }
        }

        /**
         * Checks every setting, naming the first that is out of range. (Whether the estimator fits the solver's
         * structure and the noise is checked next, as the layer is made from the valid settings.)
         *
         * @throws IllegalArgumentException naming the layer, the setting, its value and its allowed range
         */
        protected void validate() {
            check(Attribute.SAMPLES, samples);
            check(Attribute.MARGINAL_SAMPLES, marginalSamples);
            check(Attribute.SUM_OF_GAMMA_ITERATIONS, sumOfGammaIterations);
            check("solverThreads", Range.AT_LEAST_ZERO, solverThreads);
            check(Attribute.SOLVER_TIMEOUT_MILLIS, solverTimeoutMillis);
            check(Attribute.SUM_OF_GAMMA_K, sumOfGammaK);
            check("solveRatio", Range.PROBABILITY, solveRatio);
            check("cacheCapacity", Range.AT_LEAST_ONE, cacheCapacity);
            if (solveRatio < 1 && extraInputs > 0) {
                throw new IllegalArgumentException(identity.describe() + ": a solution cache cannot serve a solver "
                        + "with @Input parameters (a cached solution was found for another example's inputs); "
                        + "drop optSolutionCache");
            }
            check(Attribute.NOISE_TEMPERATURE, noiseTemperature);
            check(Attribute.TARGET_NOISE_TEMPERATURE, targetNoiseTemperature);
            requireNonNull("noise", noise);
            requireNonNull("difference", difference);
            requireNonNull("objective", objective);
            requireNonNull("output", output);
            requireNonNull("structure", structure);
        }

        /**
         * Fails unless {@code value} is in the attribute's range.
         *
         * @param attribute the setting's annotation attribute, which gives its name and range
         * @param value the value set
         * @throws IllegalArgumentException naming the layer, the setting, its value and its allowed range
         */
        final void check(Attribute attribute, double value) {
            check(attribute.attributeName(), attribute.range(), value);
        }

        /**
         * Fails unless {@code value} is in the attribute's range.
         *
         * @param attribute the setting's annotation attribute, which gives its name and range
         * @param value the value set
         * @throws IllegalArgumentException naming the layer, the setting, its value and its allowed range
         */
        final void check(Attribute attribute, int value) {
            check(attribute.attributeName(), attribute.range(), value);
        }

        /**
         * Fails unless {@code value} is in {@code range}, for a setting that no annotation attribute sets.
         *
         * @param name the setting's name, as in its {@code optX} method
         * @param range the allowed range
         * @param value the value set
         * @throws IllegalArgumentException naming the layer, the setting, its value and its allowed range
         */
        final void check(String name, Range range, double value) {
            if (!range.accepts(value)) {
                throw outOfRange(range.outOfRange(name, value));
            }
        }

        /**
         * Fails unless {@code value} is in {@code range}, for a setting that no annotation attribute sets.
         *
         * @param name the setting's name, as in its {@code optX} method
         * @param range the allowed range
         * @param value the value set
         * @throws IllegalArgumentException naming the layer, the setting, its value and its allowed range
         */
        final void check(String name, Range range, int value) {
            if (!range.accepts(value)) {
                throw outOfRange(range.outOfRange(name, value));
            }
        }

        /**
         * Fails unless a required configuration value was set.
         *
         * @param name the value's name
         * @param value the value, null if it was not set
         * @param setter the {@code setX} method that sets it, as the message names it
         * @throws IllegalArgumentException naming the layer, the value and its setter, if {@code value} is null
         */
        protected final void requireSet(String name, Object value, String setter) {
            if (value == null) {
                throw new IllegalArgumentException(identity.describe() + ": " + name + " is required; call " + setter);
            }
        }

        private IllegalArgumentException outOfRange(String problem) {
            return new IllegalArgumentException(identity.describe() + ": " + problem);
        }

        private void requireNonNull(String name, Object value) {
            if (value == null) {
                throw new IllegalArgumentException(identity.describe() + ": " + name + " must not be null");
            }
        }

        PerturbationSettings settings() {
            // Sum-of-Gamma is the one kind with parameters, so the one without a standard sampler.
            NoiseSampler sampler = NoiseSampler.standard(noise)
                    .orElseGet(() -> new SumOfGammaNoise(sumOfGammaK, sumOfGammaIterations, exactSumOfGamma));
            return new PerturbationSettings(samples, marginalSamples, sampler, noiseTemperature,
                    targetNoiseTemperature, difference, objective, output);
        }

        GradientEstimator estimator() {
            if (estimators == null) {
                return defaultEstimator();
            }
            GradientEstimator made = estimators.get();
            if (made == null) {
                throw new IllegalArgumentException(identity.describe() + ": the factory given to optEstimator returned "
                        + "null; return a new estimator on each call, or pass null for the annotation's");
            }
            if (made == lastEstimator.get()) {
                throw new IllegalArgumentException(identity.describe() + ": the factory given to optEstimator returned "
                        + "the estimator " + made + " of the layer built before; an estimator holds the state of one "
                        + "layer, so return a new one on each call, e.g. optEstimator(Estimators::ste)");
            }
            lastEstimator = new WeakReference<>(made);
            return made;
        }

        /** Fails unless {@code chosen} fits the solver's structure and the noise, saying what would. */
        void checkFits(GradientEstimator chosen) {
            chosen.requirements().mismatch(structure, noise, noiseTemperature).ifPresent(problem -> {
                throw new IllegalArgumentException(identity.describe() + ": the estimator " + chosen + " " + problem);
            });
        }
    }
}
