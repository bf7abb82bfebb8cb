package org.imle4j.samples.aspect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Trainable word embeddings: token ids {@code [B, L]} (integers) to vectors {@code [B, L, d]}, a lookup in a
 * {@code [V, d]} table initialised from N(0, 0.1²). DJL's own embedding blocks map items through a vocabulary
 * object; the reviews arrive as ids already ({@link Vocabulary}).
 */
final class TokenEmbedding extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Parameter table;
    private final int dimension;

    /**
     * @param vocabulary V, the number of ids
     * @param dimension d
     */
    TokenEmbedding(int vocabulary, int dimension) {
        super(VERSION);
        this.dimension = dimension;
        this.table = addParameter(Parameter.builder().setName("table").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabulary, dimension)).optInitializer(new NormalInitializer(0.1f)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        NDArray weights = parameterStore.getValue(table, ids.getDevice(), training);
        return Embedding.embedding(ids.toType(DataType.INT64, false), weights, SparseFormat.DENSE);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(dimension)};
    }
}
