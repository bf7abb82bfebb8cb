package org.imle4j.samples.nri;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import org.imle4j.runtime.autograd.Scalars;

/**
 * The negative ELBO of NRI per example: the Gaussian negative log-likelihood of the predicted frames at a fixed
 * variance σ², {@code Σ (x̂ − x)² / 2σ²} over vertices, frames and coordinates (the constant dropped, as NRI does),
 * plus the KL divergence of the edges' independent Bernoulli(σ(θ)) from the uniform prior Bernoulli(½), NRI's KL term,
 * summed over the pairs.
 *
 * <p>Labels: the trajectories {@code [B, n, T, 2]}. Predictions: frames 1 … T−1, {@code [B·S, n, T−1, 2]}, and the
 * pair scores {@code [B, m]}. The likelihood term is summed over the B·S rows and divided by B, S times the mean over
 * samples: every estimator averages its S per-sample estimates, so each sample's dL/dz is that of its own example.
 */
final class NriLoss extends Loss {
    private final double variance;

    /**
     * @param variance σ², positive
     */
    NriLoss(double variance) {
        super("negative ELBO");
        this.variance = variance;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray trajectories = labels.singletonOrThrow();
        NDArray predicted = predictions.get(0);
        NDArray scores = predictions.get(1);
        long batch = trajectories.getShape().get(0);
        long samples = predicted.getShape().get(0) / batch;
        NDArray target = trajectories.get(":, :, 1:");
        if (samples > 1) {
            target = target.repeat(0, samples);
        }
        NDArray error = predicted.sub(target);
        NDArray likelihood = error.mul(error).sum().div(Scalars.of(error, 2 * variance * batch));
        return likelihood.add(kl(scores).sum().div(Scalars.of(scores, batch)));
    }

    /**
     * The negative log-likelihood per example of the predictions of one graph per example.
     *
     * @param trajectories {@code [B, n, T, 2]}
     * @param predicted {@code [B, n, T−1, 2]}
     * @return {@code [B]}
     */
    NDArray negativeLogLikelihood(NDArray trajectories, NDArray predicted) {
        NDArray error = predicted.sub(trajectories.get(":, :, 1:"));
        return error.mul(error).sum(new int[] {1, 2, 3}).div(Scalars.of(error, 2 * variance));
    }

    /**
     * The KL divergence of Bernoulli(σ(θ)) from Bernoulli(½) per pair,
     * {@code q log q + (1 − q) log(1 − q) + log 2} with {@code log q = −softplus(−θ)} and
     * {@code log(1 − q) = −softplus(θ)}.
     *
     * @param scores θ, {@code [B, m]}
     * @return {@code [B, m]}
     */
    static NDArray kl(NDArray scores) {
        NDArray q = Activation.sigmoid(scores);
        NDArray logQ = Activation.softPlus(scores.neg()).neg();
        NDArray logNotQ = Activation.softPlus(scores).neg();
        NDArray oneMinusQ = Activation.sigmoid(scores.neg());
        return q.mul(logQ).add(oneMinusQ.mul(logNotQ)).add(Scalars.of(scores, Math.log(2)));
    }
}
