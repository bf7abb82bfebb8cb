package org.imle4j.samples.pyepo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.function.LongSupplier;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.loss.FenchelYoungLoss;
import org.imle4j.runtime.loss.L2Loss;
import org.imle4j.runtime.solve.ArraySolvers;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solve.SolverIdentity;
import org.imle4j.samples.harness.EstimatorChoice;
import org.imle4j.samples.shortestpath.HammingLoss;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The training methods compared on PyEPO's problems ({@link DflProblem}), with the settings and losses of PyEPO's
 * training examples. Blackbox differentiation and straight-through are trained with the regret under the true costs
 * ({@link RegretLoss}). The I-MLE family is trained with the Hamming loss between the layer's mean solution and the
 * optimal solution, summed over the entries and averaged over the batch ({@link HammingLoss}); PyEPO's examples average
 * their L1 loss over the entries as well, which on the 5 × 5 shortest path divides dL/dz by d = 40, so that I-MLE's
 * {@code θ − λ·dL/dz} with λ = 10 would rarely change a path and a first step could pass no gradient at all (the same
 * as λ = 400 with PyEPO's loss). I-MLE and AIMLE perturb with Sum-of-Gamma noise of the problem's κ
 * ({@link DflProblem.Instance#sumOfGammaK()}) and temperature 1, as PyEPO does; DPO, like PyEPO's, with Gaussian noise
 * of σ = 1, and the same Hamming loss. AIMLE here is the AAAI 2023 controller of the runtime (β steered towards one
 * non-zero gradient entry per sample), not PyEPO's own rule of the same name. Layer methods can use the solution cache
 * (PyEPO's solve ratio); PFY and SPO+ solve every instance.
 */
enum Method {
    /** Adaptive I-MLE: S = 2, central differences; Hamming loss to w*. */
    AIMLE("aimle", "AIMLE", EstimatorChoice.AIMLE, 2),
    /** I-MLE: λ = 10, S = 10, forward differences; Hamming loss to w*. */
    IMLE("imle", "I-MLE", EstimatorChoice.IMLE, 10),
    /** Blackbox differentiation: λ = 10; regret. */
    DBB("dbb", "DBB", EstimatorChoice.DBB, 1),
    /**
     * PyEPO's differentiable perturbed optimizer (DPO, Berthet et al. 2020): the mean of S = 10 solutions under
     * Gaussian noise of σ = 1, differentiated by the perturbed optimizer's estimator; Hamming loss to w*.
     */
    DPO("dpo", "DPO", EstimatorChoice.PO, 10),
    /** Straight-through without noise, the negative identity (NID) of Sahoo et al. for a minimiser; regret. */
    STE("ste", "STE (NID)", EstimatorChoice.STE, 1),
    /** The perturbed Fenchel-Young loss on the predicted costs: Gaussian noise, σ = 1, S = 10. */
    PFY("pfy", "PFY", null, 0),
    /** The SPO+ loss on the predicted costs. */
    SPO_PLUS("spo+", "SPO+", null, 0),
    /** Two-stage: regress the costs with the squared error, then solve. */
    MSE("mse", "2-stage MSE", null, 0);

    private final String key;
    private final String label;
    private final EstimatorChoice estimator;
    private final int samples;

    Method(String key, String label, EstimatorChoice estimator, int samples) {
        this.key = key;
        this.label = label;
        this.estimator = estimator;
        this.samples = samples;
    }

    /** Most distinct solutions a layer's solution cache keeps, the runtime's default. */
    private static final int CACHE_CAPACITY = 10_000;

    /** The option value that selects this method. */
    String key() {
        return key;
    }

    /** Whether the model ends in a solver layer trained through a gradient estimator. */
    boolean usesLayer() {
        return estimator != null;
    }

    /**
     * The name in tables, plots and JSON for a problem of the given sense: straight-through is the negative identity
     * (NID) of Sahoo et al. only for a minimiser.
     *
     * @param sense whether the problem minimises or maximises
     * @return the name
     */
    String label(Objective sense) {
        return this == STE && sense == Objective.MAXIMIZE ? "STE" : label;
    }

    /**
     * The model's end and the training loss of this method on one drawn problem.
     *
     * @param instance the drawn problem, whose layer and oracle the method uses
     * @param sense whether the problem minimises or maximises
     * @param solveRatio the solution cache's solve ratio for a layer method, in (0, 1]; 1 solves every instance
     * @return the layer (null for a method that trains the costs directly), the loss and its solver clock
     */
    Setup setup(DflProblem.Instance instance, Objective sense, double solveRatio) {
        if (estimator != null) {
            SolverLayer layer = instance.layer(new DflProblem.LayerSettings() {
                @Override
                public <B extends SolverLayer.Builder<B>> B apply(B builder) {
                    builder.optSumOfGammaK(instance.sumOfGammaK()).optOutput(Output.MEAN).optSamples(samples)
                            .optNoiseTemperature(Method.this == STE ? 0 : 1);
                    if (solveRatio < 1) {
                        builder.optSolutionCache(solveRatio, CACHE_CAPACITY);
                    }
                    return estimator.configure(builder, EstimatorChoice.Settings.defaults().withLambda(10));
                }
            });
            Loss loss = this == DBB || this == STE ? new RegretLoss(sense) : new HammingLoss();
            return new Setup(layer, loss, () -> layer.getSolver().threadNanos());
        }
        return switch (this) {
            case PFY -> {
                BatchSolver solver = ArraySolvers.floatVector((theta, index) -> instance.solve(theta),
                        new SolverIdentity("pfy", "oracle"), 0);
                yield new Setup(null, FenchelYoungLoss.builder().setSolver("oracle", solver).optObjective(sense)
                        .optSigma(1).optSamples(10).build(), solver::threadNanos);
            }
            case SPO_PLUS -> {
                SpoPlusLoss loss = new SpoPlusLoss(instance::solve, sense);
                yield new Setup(null, loss, loss::solverNanos);
            }
            default -> new Setup(null, new L2Loss("mse", 1), () -> 0);
        };
    }

    /** The labels the method's loss takes, from the true costs c and optimal solutions w*. */
    NDList labels(NDArray costs, NDArray solutions) {
        return switch (this) {
            case AIMLE, IMLE, DPO, PFY -> new NDList(solutions);
            case DBB, STE, SPO_PLUS -> new NDList(costs, solutions);
            case MSE -> new NDList(costs);
        };
    }

    /**
     * What a method trains with.
     *
     * @param layer the solver layer after the linear model, or null when the loss takes the predicted costs
     * @param loss the training loss
     * @param solverNanos the thread time spent solving for this method so far, in nanoseconds
     */
    record Setup(SolverLayer layer, Loss loss, LongSupplier solverNanos) {}

    /** Parses the option values ({@code aimle}, {@code spo+}, …) for picocli, in any case. */
    static final class Converter implements ITypeConverter<Method> {
        @Override
        public Method convert(String value) {
            for (Method method : values()) {
                if (method.key.equalsIgnoreCase(value.strip())) {
                    return method;
                }
            }
            throw new TypeConversionException("unknown method '" + value + "'; choose from "
                    + Arrays.stream(values()).map(Method::key).collect(Collectors.joining(", ")));
        }
    }
}
