package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Set;
import org.imle4j.annotation.Structure;

/**
 * One-hot vectors with {@code p(z = e_i) = softmax(φ)_i}. Draws are the argmax of φ + Gumbel noise (Gumbel-max),
 * exact and on φ's device.
 */
final class CategoricalFamily implements ExponentialFamily {

    @Override
    public NDArray sample(NDArray phi, int samplesPerExample) {
        checkPhi(phi);
        if (samplesPerExample < 1) {
            throw new IllegalArgumentException("samplesPerExample must be at least 1, but was " + samplesPerExample);
        }
        Shape shape = phi.getShape();
        // Double-precision uniforms: float32 ones would cut off the Gumbel tails at probability 2^-24.
        NDArray uniforms = phi.getManager().randomUniform(0f, 1f, new Shape(shape.get(0), samplesPerExample,
                shape.get(1)), DataType.FLOAT64, phi.getDevice());
        NDArray gumbel = uniforms.log().neg().log().neg();
        NDArray winners = phi.toType(DataType.FLOAT64, false).expandDims(1).add(gumbel).argMax(2);
        return winners.oneHot(Math.toIntExact(shape.get(1))).toType(phi.getDataType(), false);
    }

    @Override
    public NDArray marginals(NDArray phi) {
        checkPhi(phi);
        return phi.softmax(1);
    }

    private void checkPhi(NDArray phi) {
        if (phi.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    "the " + this + " family takes φ of shape [B, n], but got " + phi.getShape());
        }
    }

    @Override
    public Set<Structure> structures() {
        return Set.of(Structure.ONE_HOT);
    }

    @Override
    public String toString() {
        return "categorical";
    }
}
