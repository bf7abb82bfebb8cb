package org.imle4j.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** Runs blocks outside a trainer, for tests. */
final class Layers {
    private Layers() {}

    static NDArray train(Block block, NDArray theta) {
        return run(block, true, new NDList(theta));
    }

    static NDArray infer(Block block, NDArray theta) {
        return run(block, false, new NDList(theta));
    }

    static NDArray run(Block block, boolean training, NDList inputs) {
        NDManager manager = inputs.head().getManager();
        return block.forward(new ParameterStore(manager, false), inputs, training).singletonOrThrow();
    }
}
