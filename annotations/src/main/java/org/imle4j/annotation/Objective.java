package org.imle4j.annotation;

/** The sense of the solver: whether it returns the solution that maximises or minimises ⟨z, θ⟩. */
public enum Objective {
    /** {@code z = argmax ⟨z, θ⟩}, for example the k largest scores. */
    MAXIMIZE,
    /** {@code z = argmin ⟨z, θ⟩}, for example the cheapest path on a cost map. */
    MINIMIZE
}
