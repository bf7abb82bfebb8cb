package org.imle4j.runtime.solve;

/**
 * A solver call failed: the solver threw, returned nothing, returned a solution of the wrong shape or with
 * non-finite values, or θ itself was unusable. The message names the layer, the solver method and the instance.
 */
public final class SolverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int instance;

    SolverException(String message, int instance, Throwable cause) {
        super(message, cause);
        this.instance = instance;
    }

    /** Index of the failing perturbed instance in the solver call, or -1 when the whole call failed. */
    public int getInstance() {
        return instance;
    }
}
