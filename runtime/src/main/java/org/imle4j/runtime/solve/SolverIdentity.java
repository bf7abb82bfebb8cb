package org.imle4j.runtime.solve;

/**
 * Who is solving: the layer and the solver method, used in every error message.
 *
 * @param layer the name of the layer (or loss) that calls the solver, e.g. {@code TopKLayer}
 * @param method the solver method, e.g. {@code com.example.Solvers#topK}
 */
public record SolverIdentity(String layer, String method) {

    /**
     * Prefix of every message about this solver.
     *
     * @return {@code layer (solver method)}, e.g. {@code TopKLayer (solver com.example.Solvers#topK)}
     */
    public String describe() {
        return layer + " (solver " + method + ")";
    }

    /**
     * A failure of one instance, located in its example and sample when examples have several instances.
     *
     * @param what what went wrong, a phrase that follows the layer and the instance
     * @param instance the failing instance's index in the solver call
     * @param repeats how many consecutive instances share one example; at most 1 names the instance alone
     * @param cause what the solver threw, or null
     * @return the exception, its message {@code describe() + ", instance i (example e, sample s): " + what}
     */
    public SolverException failure(String what, int instance, int repeats, Throwable cause) {
        return new SolverException(describe() + ", " + locate(instance, repeats) + ": " + what, instance, cause);
    }

    /**
     * A failure of the whole call, not of one instance.
     *
     * @param what what went wrong, a phrase that follows the layer
     * @param cause what the solver threw, or null
     * @return the exception, its message {@code describe() + ": " + what} and its instance -1
     */
    public SolverException failure(String what, Throwable cause) {
        return new SolverException(describe() + ": " + what, -1, cause);
    }

    static String locate(int instance, int repeats) {
        if (repeats <= 1) {
            return "instance " + instance;
        }
        return "instance " + instance + " (example " + instance / repeats + ", sample " + instance % repeats + ")";
    }
}
