package org.imle4j.processor.model;

import com.palantir.javapoet.ClassName;

/**
 * Every type of DJL, of the imle4j runtime and of the annotations that the processor refers to, by name: the
 * processor never loads them, because neither DJL nor the runtime is on its class path.
 */
public final class KnownTypes {
    public static final ClassName IMLE_LAYER = ClassName.get("org.imle4j.annotation", "ImleLayer");
    public static final ClassName AIMLE_LAYER = ClassName.get("org.imle4j.annotation", "AimleLayer");
    public static final ClassName INPUT = ClassName.get("org.imle4j.annotation", "Input");
    public static final ClassName GENERATED_LAYER = ClassName.get("org.imle4j.annotation", "GeneratedLayer");

    public static final ClassName ND_ARRAY = ClassName.get("ai.djl.ndarray", "NDArray");
    public static final ClassName ND_LIST = ClassName.get("ai.djl.ndarray", "NDList");
    public static final ClassName ND_MANAGER = ClassName.get("ai.djl.ndarray", "NDManager");

    public static final ClassName SOLVER_LAYER = ClassName.get("org.imle4j.runtime", "SolverLayer");
    public static final ClassName IMLE_BUILDER = ClassName.get("org.imle4j.runtime", "ImleBuilder");
    public static final ClassName AIMLE_BUILDER = ClassName.get("org.imle4j.runtime", "AimleBuilder");
    public static final ClassName ARRAY_SOLVERS = ClassName.get("org.imle4j.runtime.solve", "ArraySolvers");
    public static final ClassName BATCH_SOLVER = ClassName.get("org.imle4j.runtime.solve", "BatchSolver");
    public static final ClassName SOLVER_EXCEPTION = ClassName.get("org.imle4j.runtime.solve", "SolverException");

    /** {@code javax.annotation.processing.Generated}, used only where the compilation's platform has it. */
    public static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private KnownTypes() {}
}
