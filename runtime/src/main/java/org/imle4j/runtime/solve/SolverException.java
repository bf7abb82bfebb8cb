package org.imle4j.runtime.solve;

/**
 * A solver call failed: the solver threw, returned nothing, returned a solution of the wrong shape or with
 * non-finite values, or θ itself was unusable. The message names the layer, the solver method and the instance.
 */
public final class SolverException extends RuntimeException {
    /** Version of the serialised form. */
    private static final long serialVersionUID = 1L;

    /** Index of the failing instance in the solver call, or -1 when the whole call failed. */
    private final int instance;

    /**
     * Creates the exception; {@link SolverIdentity#failure} builds its message.
     *
     * @param message what failed, prefixed with the layer, the solver method and the instance
     * @param instance the failing instance, or -1 when the whole call failed
     * @param cause what the solver threw, or null
     */
    SolverException(String message, int instance, Throwable cause) {
        super(message, cause);
        this.instance = instance;
    }

    /**
     * Index of the failing perturbed instance in the solver call.
     *
     * @return the instance's index in {@code [0, N)}, or -1 when the whole call failed (a timeout, an interrupt, a
     *     batch solver's exception or a solution array of the wrong shape)
     */
    public int getInstance() {
        return instance;
    }
}
