package org.imle4j.samples.shortestpath;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/**
 * The small convolutional net that reads cell costs off a map image:
 * {@code [B, 3, grid·patch, grid·patch] → [B, grid, grid]}.
 *
 * <p>3 × 3 convolution (pixels) → patch × patch convolution with stride patch (one position per cell) → 3 × 3
 * convolution (neighbouring cells) → 1 × 1 convolution to one channel, each but the last followed by batch
 * normalisation and ReLU; softplus at the end keeps the costs positive, as Dijkstra's algorithm needs.
 */
final class CostNetwork {
    private CostNetwork() {}

    /** The net for cells of {@code patch} × {@code patch} pixels, with {@code channels} feature maps. */
    static SequentialBlock build(int patch, int channels) {
        return new SequentialBlock()
                .add(convolution(3, 1, 1, channels))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(convolution(patch, patch, 0, channels))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(convolution(3, 1, 1, channels))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(convolution(1, 1, 0, 1))
                .add(LambdaBlock.singleton(logits -> Activation.softPlus(logits.squeeze(1))));
    }

    private static Conv2d convolution(int kernel, int stride, int padding, int filters) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding)).setFilters(filters).build();
    }
}
