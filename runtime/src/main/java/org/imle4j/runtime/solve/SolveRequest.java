package org.imle4j.runtime.solve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * One call of a solver over a batch of instances.
 *
 * @param thetas the instances to solve, {@code [N, …]}, detached from any gradient graph, in the solver's own sense
 * @param inputs the layer's extra inputs, one row per example: {@code [B, …]} each
 * @param repeats how many consecutive instances share one example: instance i belongs to example {@code i / repeats}
 * @param domain what the solutions must look like, by the solver's declared structure; plain-Java solvers run by
 *     {@link ArraySolvers} check each solution against it as they write it
 * @param timeoutMillis how long the call may take, or 0 for no limit: the layer's {@code solverTimeoutMillis}.
 *     Plain-Java solvers are stopped when it passes; a batch solver may honour it as it can
 */
public record SolveRequest(NDArray thetas, NDList inputs, int repeats, SolutionDomain domain, int timeoutMillis) {

    /**
     * A call without time limit whose solutions are only checked for their shape and finite values.
     *
     * @param thetas the instances to solve, {@code [N, …]}
     * @param inputs the layer's extra inputs, one row per example
     * @param repeats how many consecutive instances share one example
     */
    public SolveRequest(NDArray thetas, NDList inputs, int repeats) {
        this(thetas, inputs, repeats, SolutionDomain.UNCHECKED, 0);
    }

    /**
     * Number N of instances in this call.
     *
     * @return the length of θ's first axis
     * @throws ArithmeticException if N does not fit in an {@code int}
     */
    public int size() {
        return Math.toIntExact(thetas.getShape().get(0));
    }

    /**
     * The i-th extra input aligned with θ: row n is the row of instance n's example.
     *
     * @param i the index of the extra input among the solver's {@code @Input} parameters, in
     *     {@code [0, inputs().size())}
     * @return the input itself, {@code [B, …]}, when {@code repeats} is 1; otherwise a new array of shape
     *     {@code [N, …]}, each row repeated {@code repeats} times
     * @throws IndexOutOfBoundsException if there is no extra input {@code i}
     */
    public NDArray alignedInput(int i) {
        NDArray input = inputs.get(i);
        return repeats == 1 ? input : input.repeat(0, repeats);
    }

    /**
     * The same request for other instances of the same examples, as a solver that transforms θ before calling
     * another one passes it on.
     *
     * @param otherThetas {@code [N, …]}, the same number of instances in the same order
     * @return the request with {@code otherThetas}
     */
    public SolveRequest withThetas(NDArray otherThetas) {
        return new SolveRequest(otherThetas, inputs, repeats, domain, timeoutMillis);
    }

    /**
     * How many consecutive instances must hold the same number of ones in a {@code K_SUBSET} solution: all of the
     * call, or, when the solver has {@code @Input} parameters, the instances of one example.
     */
    int countGroup() {
        return inputs.isEmpty() ? Math.max(size(), 1) : repeats;
    }
}
