package org.imle4j.samples.pyepo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.loss.FenchelYoungLoss;
import org.imle4j.runtime.loss.L2Loss;
import org.imle4j.runtime.solve.ArraySolvers;
import org.imle4j.runtime.solve.SolverIdentity;
import org.imle4j.runtime.solvers.GridDagShortestPath;
import org.imle4j.runtime.solvers.GridDagShortestPathLayer;
import org.imle4j.samples.harness.EstimatorChoice;
import org.imle4j.samples.shortestpath.HammingLoss;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The training methods compared on PyEPO's shortest path, with the settings and losses of PyEPO's training examples.
 * Blackbox differentiation and the negative identity are trained with the regret {@code ⟨c, z⟩ − z*} under the true
 * costs. The I-MLE family is trained with the Hamming loss between the layer's mean path and the optimal path,
 * summed over the arcs and averaged over the batch ({@link HammingLoss}); PyEPO's examples average their L1 loss over
 * the arcs as well, which divides dL/dz by d = 40, so that I-MLE's {@code θ − λ·dL/dz} with λ = 10 would rarely
 * change a path and a first step could pass no gradient at all (the same as λ = 400 with PyEPO's loss). I-MLE and
 * AIMLE perturb with Sum-of-Gamma noise of κ = 5 and temperature 1, as PyEPO does; DPO, like PyEPO's, with
 * Gaussian noise of σ = 1, and the same Hamming loss. AIMLE here is the AAAI 2023 controller of the runtime (β steered
 * towards one non-zero gradient entry per sample), not PyEPO's own rule of the same name.
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

    /** The option value that selects this method. */
    String key() {
        return key;
    }

    /** The name in tables and plots. */
    String label() {
        return label;
    }

    /** Whether the model ends in a solver layer trained through a gradient estimator. */
    boolean usesLayer() {
        return estimator != null;
    }

    /**
     * The DAG shortest-path layer (MINIMIZE, mean output, Sum-of-Gamma κ = 5, which DPO replaces by Gaussian noise)
     * of an estimator method; λ = 10.
     */
    SolverLayer layer(int rows, int cols) {
        if (estimator == null) {
            throw new IllegalStateException(label + " trains without a solver layer");
        }
        return estimator.configure(GridDagShortestPathLayer.builder().setRows(rows).setCols(cols).optSumOfGammaK(5)
                .optOutput(Output.MEAN).optSamples(samples).optNoiseTemperature(this == STE ? 0 : 1),
                EstimatorChoice.Settings.defaults().withLambda(10)).build();
    }

    /** The training loss on the model's output: paths for the layer methods, costs for the others. */
    Loss loss(int rows, int cols) {
        return switch (this) {
            case AIMLE, IMLE, DPO -> new HammingLoss();
            case DBB, STE -> new RegretLoss();
            case PFY -> FenchelYoungLoss.builder()
                    .setSolver(GridDagShortestPath.class.getName() + "#arcs", ArraySolvers.floatVector(
                            (theta, instance) -> GridDagShortestPath.arcs(theta, rows, cols),
                            new SolverIdentity("pfy", GridDagShortestPath.class.getName() + "#arcs"), 0))
                    .optObjective(Objective.MINIMIZE).optSigma(1).optSamples(10).build();
            case SPO_PLUS -> new SpoPlusLoss(rows, cols);
            case MSE -> new L2Loss("mse", 1);
        };
    }

    /** The labels {@link #loss} takes, from the true costs c and optimal paths w*. */
    NDList labels(NDArray costs, NDArray paths) {
        return switch (this) {
            case AIMLE, IMLE, DPO, PFY -> new NDList(paths);
            case DBB, STE, SPO_PLUS -> new NDList(costs, paths);
            case MSE -> new NDList(costs);
        };
    }

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
