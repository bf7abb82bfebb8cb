package org.imle4j.processor.model;

import com.palantir.javapoet.ClassName;

/** The gradient estimator a layer is trained with, one per layer annotation. */
public enum Algorithm {
    /** Implicit MLE with a fixed target distribution. */
    IMLE(KnownTypes.IMLE_LAYER, KnownTypes.IMLE_BUILDER, "I-MLE"),
    /** Adaptive I-MLE, whose λ follows a target gradient sparsity. */
    AIMLE(KnownTypes.AIMLE_LAYER, KnownTypes.AIMLE_BUILDER, "adaptive I-MLE");

    private final ClassName annotation;
    private final ClassName builder;
    private final String displayName;

    Algorithm(ClassName annotation, ClassName builder, String displayName) {
        this.annotation = annotation;
        this.builder = builder;
        this.displayName = displayName;
    }

    /** {@return the annotation on solver methods} */
    public ClassName annotation() {
        return annotation;
    }

    /** {@return the runtime builder the generated builder extends} */
    public ClassName builder() {
        return builder;
    }

    /** {@return how the Javadoc names the estimator, e.g. {@code I-MLE}} */
    public String displayName() {
        return displayName;
    }
}
