package org.imle4j.runtime.solve;

/**
 * Who is solving: the layer and the solver method, used in every error message.
 *
 * @param layer the name of the layer (or loss) that calls the solver, e.g. {@code TopKLayer}
 * @param method the solver method, e.g. {@code com.example.Solvers#topK}
 */
public record SolverIdentity(String layer, String method) {

    /** Prefix of every message about this solver: {@code TopKLayer (solver com.example.Solvers#topK)}. */
    public String describe() {
        return layer + " (solver " + method + ")";
    }

    public SolverException failure(String what, int instance, int repeats, Throwable cause) {
        return new SolverException(describe() + ", " + locate(instance, repeats) + ": " + what, instance, cause);
    }

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
