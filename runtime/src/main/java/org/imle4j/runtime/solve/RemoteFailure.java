package org.imle4j.runtime.solve;

/**
 * What a solver threw on another machine: its message is the original exception's {@code toString()}, its stack
 * trace the original's, and its cause the original's cause, in the same form. The original classes need not exist
 * where the failure is reported.
 */
public final class RemoteFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The class name of the exception that the solver threw. */
    private final String originalClass;

    RemoteFailure(Throwable original) {
        super(original.toString(), original.getCause() == null || original.getCause() == original
                ? null : new RemoteFailure(original.getCause()));
        this.originalClass = original.getClass().getName();
        setStackTrace(original.getStackTrace());
    }

    /**
     * The class of the exception that the solver threw.
     *
     * @return its fully qualified name
     */
    public String originalClass() {
        return originalClass;
    }
}
