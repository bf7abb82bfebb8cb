package org.imle4j.processor.model;

import com.palantir.javapoet.ClassName;

/**
 * Every type of DJL, of the imle4j runtime and of the annotations that the processor refers to, by name: the
 * processor never loads them, because neither DJL nor the runtime is on its class path.
 */
public final class KnownTypes {
    /** The annotation of I-MLE solvers. */
    public static final ClassName IMLE_LAYER = ClassName.get("org.imle4j.annotation", "ImleLayer");
    /** The annotation of adaptive I-MLE solvers. */
    public static final ClassName AIMLE_LAYER = ClassName.get("org.imle4j.annotation", "AimleLayer");
    /** The annotation of extra-input parameters. */
    public static final ClassName INPUT = ClassName.get("org.imle4j.annotation", "Input");
    /** The annotation of a batch solver's θ that the solver only reads. */
    public static final ClassName READ_ONLY = ClassName.get("org.imle4j.annotation", "ReadOnly");
    /** The marker on generated layers. */
    public static final ClassName GENERATED_LAYER = ClassName.get("org.imle4j.annotation", "GeneratedLayer");

    /** DJL's tensor. */
    public static final ClassName ND_ARRAY = ClassName.get("ai.djl.ndarray", "NDArray");
    /** DJL's list of tensors. */
    public static final ClassName ND_LIST = ClassName.get("ai.djl.ndarray", "NDList");
    /** DJL's owner of native memory. */
    public static final ClassName ND_MANAGER = ClassName.get("ai.djl.ndarray", "NDManager");

    /** The superclass of generated layers. */
    public static final ClassName SOLVER_LAYER = ClassName.get("org.imle4j.runtime", "SolverLayer");
    /** The superclass of the builders of I-MLE layers. */
    public static final ClassName IMLE_BUILDER = ClassName.get("org.imle4j.runtime", "ImleBuilder");
    /** The superclass of the builders of adaptive I-MLE layers. */
    public static final ClassName AIMLE_BUILDER = ClassName.get("org.imle4j.runtime", "AimleBuilder");
    /** The adapters of plain-Java solvers to batches. */
    public static final ClassName ARRAY_SOLVERS = ClassName.get("org.imle4j.runtime.solve", "ArraySolvers");
    /** The solver of a batch that generated layers hand to the runtime. */
    public static final ClassName BATCH_SOLVER = ClassName.get("org.imle4j.runtime.solve", "BatchSolver");
    /** The runtime's report of a failed solver call. */
    public static final ClassName SOLVER_EXCEPTION = ClassName.get("org.imle4j.runtime.solve", "SolverException");

    /** {@code javax.annotation.processing.Generated}, used only where the compilation's platform has it. */
    public static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private KnownTypes() {}
}
