package org.imle4j.samples.dvae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.noise.NoiseSampler;
import org.imle4j.runtime.solvers.TopK;

/**
 * The discrete VAE of the adaptive I-MLE paper (Minervini, Franceschi and Niepert, AAAI 2023): an encoder
 * 784 → 512 → 256 → M·N logits, read as M groups of N; a top-k layer keeps k of each group's N entries, a code of M
 * k-subsets; a decoder M·N → 256 → 512 → 784 returns the logits of the pixels. ReLU between the linear layers.
 *
 * <p>The block returns each example's loss {@code [B]}, the negative evidence lower bound of the reference code:
 * the binary cross-entropy of the image under the decoder, summed over the pixels, plus the KL divergence of each
 * group's softmax to the uniform distribution over its N entries, summed over the groups:
 * <pre>
 *   ℓ(x) = Σ_s Σ_p BCE(decoder(z_s)_p, x_p) + Σ_m Σ_n q_mn (log q_mn + log N),   q_m = softmax(logits_m)
 * </pre>
 * While training the top-k layer draws S perturbed codes per example, {@code [B·M·S, N]} with the S samples of an
 * instance in turn, regrouped here into {@code [B·S, M·N]}; the cross-entropy is summed over the S samples, as the
 * reference does, so that each sample's dL/dz is its own reconstruction's and the layer's mean over S of the
 * per-sample estimates is the gradient of the expected loss. Outside training the code is the noiseless top-k of each
 * group (the MAP code), S = 1.
 */
final class DvaeBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Block encoder;
    private final SolverLayer code;
    private final Block decoder;
    private final int groups;
    private final int size;
    private final int k;

    /**
     * @param groups M
     * @param size N, the entries of a group
     * @param k the entries each group keeps
     * @param code the top-k layer of the groups, with that k
     */
    DvaeBlock(int groups, int size, int k, SolverLayer code) {
        super(VERSION);
        this.groups = groups;
        this.size = size;
        this.k = k;
        this.encoder = addChildBlock("encoder", mlp(512, 256, groups * size));
        this.code = addChildBlock("code", code);
        this.decoder = addChildBlock("decoder", mlp(256, 512, HandwrittenDigits.PIXELS));
    }

    private static SequentialBlock mlp(int first, int second, int outputs) {
        return new SequentialBlock().add(Linear.builder().setUnits(first).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(second).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(outputs).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray logits = encoder.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        NDArray codes = code.forward(parameterStore, new NDList(logits.reshape(-1, size)), training)
                .singletonOrThrow();
        return new NDList(loss(parameterStore, x, logits, codes, training, false));
    }

    /**
     * Each example's loss {@code [B]} with S perturbed codes per example, drawn outside training as
     * {@code top-k(θ + τ·ε)} per group; the cross-entropy is averaged over the samples.
     *
     * @param parameterStore the parameters
     * @param x the images {@code [B, 784]}
     * @param noise the perturbation ε
     * @param temperature τ
     * @param samples S
     * @return the losses {@code [B]}
     */
    NDArray sampledLoss(ParameterStore parameterStore, NDArray x, NoiseSampler noise, double temperature,
            int samples) {
        NDArray logits = encoder.forward(parameterStore, new NDList(x), false).singletonOrThrow();
        NDArray theta = logits.reshape(-1, 1, size);
        NDArray epsilon = noise.sample(theta.getManager(), new Shape(theta.getShape().get(0), samples, size),
                theta.getDataType());
        NDArray perturbed = theta.add(epsilon.mul(Scalars.of(epsilon, temperature))).reshape(-1, size);
        return loss(parameterStore, x, logits, TopK.indicator(perturbed, k), false, true);
    }

    /**
     * The decoder's pixel probabilities of the MAP codes of the images.
     *
     * @param parameterStore the parameters
     * @param x the images {@code [B, 784]}
     * @return {@code [B, 784]} in (0, 1)
     */
    NDArray reconstruct(ParameterStore parameterStore, NDArray x) {
        NDArray logits = encoder.forward(parameterStore, new NDList(x), false).singletonOrThrow();
        NDArray codes = TopK.indicator(logits.reshape(-1, size), k).reshape(x.getShape().get(0), -1);
        return Activation.sigmoid(decoder.forward(parameterStore, new NDList(codes), false).singletonOrThrow());
    }

    /**
     * The loss of codes {@code [B·M·S, N]} (S samples of each group in turn): summed over the samples, or averaged
     * over them.
     */
    private NDArray loss(ParameterStore parameterStore, NDArray x, NDArray logits, NDArray codes, boolean training,
            boolean average) {
        long batch = x.getShape().get(0);
        long samples = codes.getShape().get(0) / (batch * groups);
        NDArray flat = codes.reshape(batch, groups, samples, size).transpose(0, 2, 1, 3).reshape(batch * samples, -1);
        NDArray pixelLogits = decoder.forward(parameterStore, new NDList(flat), training).singletonOrThrow();
        NDArray images = samples == 1 ? x : x.repeat(0, samples);
        // BCE with logits l and targets x is softplus(l) − l·x, stable for any l.
        NDArray crossEntropy = Activation.softPlus(pixelLogits).sub(pixelLogits.mul(images)).sum(new int[] {1})
                .reshape(batch, samples).sum(new int[] {1});
        if (average) {
            crossEntropy = crossEntropy.div(Scalars.of(crossEntropy, samples));
        }
        NDArray groupLogits = logits.reshape(batch, groups, size);
        NDArray logQ = groupLogits.logSoftmax(2);
        NDArray kl = logQ.exp().mul(logQ.add(Scalars.of(logQ, Math.log(size)))).sum(new int[] {1, 2});
        return crossEntropy.add(kl);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        Shape logits = encoder.getOutputShapes(inputShapes)[0];
        code.initialize(manager, dataType, new Shape(logits.get(0) * groups, size));
        decoder.initialize(manager, dataType, logits);
    }
}
