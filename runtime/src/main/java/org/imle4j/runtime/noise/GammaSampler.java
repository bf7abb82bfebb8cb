package org.imle4j.runtime.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.imle4j.runtime.autograd.Scalars;

/**
 * Exact standard Gamma(shape, 1) draws on the device, vectorised (DJL's PyTorch engine has no Gamma sampler).
 *
 * <p>Marsaglia and Tsang (2000): for shape d ≥ 1 propose {@code d'·(1 + c·X)³} with X ~ N(0, 1),
 * {@code d' = d − 1/3}, {@code c = 1/√(9d')}, accepted with probability above 0.95; rejected entries are
 * proposed again until every entry is accepted. For shape a &lt; 1, {@code Gamma(a) = Gamma(a + 1)·U^(1/a)}.
 */
final class GammaSampler {
    /** Rounds of proposals between two checks on the host whether every entry has been accepted. */
    private static final int ROUNDS_PER_CHECK = 4;

    private GammaSampler() {}

    /**
     * Draws independent standard Gamma(shape, 1) variables; shape 1 is the exponential law, {@code −log U}.
     *
     * @param manager the manager that owns the result; the draws are made on its device
     * @param shape the Gamma shape parameter, positive and finite
     * @param size the shape of the result
     * @param dataType a floating-point data type of the result
     * @return a new array of {@code size} and {@code dataType}, attached to {@code manager}
     */
    static NDArray standardGamma(NDManager manager, double shape, Shape size, DataType dataType) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray draws = shape == 1.0
                    ? scope.randomUniform(Float.MIN_NORMAL, 1f, size, dataType).log().neg()
                    : marsagliaTsang(scope, shape, size, dataType);
            draws.attach(manager);
            return draws;
        }
    }

    private static NDArray marsagliaTsang(NDManager scope, double shape, Shape size, DataType dataType) {
        boolean boosted = shape < 1.0;
        double d = (boosted ? shape + 1.0 : shape) - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        NDArray result = scope.zeros(size, dataType);
        NDArray cScalar = Scalars.of(result, c);
        NDArray dScalar = Scalars.of(result, d);
        NDArray one = Scalars.of(result, 1);
        NDArray half = Scalars.of(result, 0.5);
        NDArray three = Scalars.of(result, 3);
        NDArray zero = Scalars.of(result, 0);
        NDArray smallest = Scalars.of(result, Float.MIN_NORMAL);
        NDArray pending = scope.ones(size, DataType.BOOLEAN);
        for (int round = 1; ; round++) {
            try (NDManager proposal = scope.newSubManager()) {
                NDArray x = proposal.randomNormal(0f, 1f, size, dataType);
                NDArray v = x.mul(cScalar).add(one).pow(three);
                NDArray logU = proposal.randomUniform(Float.MIN_NORMAL, 1f, size, dataType).log();
                NDArray bound = x.square().mul(half).add(dScalar).sub(v.mul(dScalar))
                        .add(v.maximum(smallest).log().mul(dScalar));
                NDArray accepted = v.gt(zero).logicalAnd(logU.lt(bound)).logicalAnd(pending);
                NDArray next = NDArrays.where(accepted, v.mul(dScalar), result);
                NDArray stillPending = pending.logicalAnd(accepted.logicalNot());
                next.attach(scope);
                stillPending.attach(scope);
                result.close();
                pending.close();
                result = next;
                pending = stillPending;
            }
            if (round % ROUNDS_PER_CHECK == 0 && !pending.any().getBoolean()) {
                break;
            }
        }
        if (boosted) {
            NDArray u = scope.randomUniform(0f, 1f, size, dataType);
            result = result.mul(u.pow(Scalars.of(u, 1.0 / shape)));
        }
        return result;
    }
}
