package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Set;
import org.imle4j.annotation.Structure;

/** Independent bits with {@code p(z_i = 1) = sigmoid(φ_i)}; draws are exact and on φ's device. */
final class BernoulliFamily implements ExponentialFamily {

    @Override
    public NDArray sample(NDArray phi, int samplesPerExample) {
        checkPhi(phi);
        if (samplesPerExample < 1) {
            throw new IllegalArgumentException("samplesPerExample must be at least 1, but was " + samplesPerExample);
        }
        Shape shape = phi.getShape();
        NDArray uniforms = phi.getManager().randomUniform(0f, 1f, new Shape(shape.get(0), samplesPerExample,
                shape.get(1)), DataType.FLOAT64, phi.getDevice());
        NDArray probabilities = Activation.sigmoid(phi.toType(DataType.FLOAT64, false)).expandDims(1);
        return uniforms.lt(probabilities).toType(phi.getDataType(), false);
    }

    @Override
    public NDArray marginals(NDArray phi) {
        checkPhi(phi);
        return Activation.sigmoid(phi);
    }

    private void checkPhi(NDArray phi) {
        if (phi.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    "the " + this + " family takes φ of shape [B, n], but got " + phi.getShape());
        }
    }

    @Override
    public Set<Structure> structures() {
        return Set.of(Structure.INDEPENDENT_BITS);
    }

    @Override
    public String toString() {
        return "bernoulli";
    }
}
