package org.imle4j.runtime;

import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.solvers.TopK;

/** Solvers whose generated layers the runtime's own training tests use. */
final class TrainingSolvers {
    private TrainingSolvers() {}

    /** The k smallest costs: a minimising solver. */
    @AimleLayer(objective = Objective.MINIMIZE, noise = Noise.GUMBEL, samples = 4, output = Output.MEAN,
            initialBeta = 0.5, betaUpdateStep = 1e-3)
    static int[] bottomK(float[] costs, int k) {
        float[] negated = new float[costs.length];
        for (int i = 0; i < costs.length; i++) {
            negated[i] = -costs[i];
        }
        return TopK.indicator(negated, k);
    }
}
