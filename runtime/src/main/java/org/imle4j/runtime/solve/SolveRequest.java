package org.imle4j.runtime.solve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * One call of a solver over a batch of instances.
 *
 * <p>Each row of θ is one instance of the layer's call. A solution cache hands the solver only the instances it
 * draws to solve: their rows keep the numbers they have in the layer's call ({@link #instanceIndex}), so that an
 * error names the instance the layer knows.
 */
public final class SolveRequest {
    private final NDArray thetas;
    private final NDList inputs;
    private final int repeats;
    private final SolutionDomain domain;
    private final int timeoutMillis;
    /** The layer call's index of each row, or null when row i is instance i. */
    private final int[] instances;

    /**
     * A call of the layer's whole batch.
     *
     * @param thetas the instances to solve, {@code [N, …]}, detached from any gradient graph, in the solver's own
     *     sense
     * @param inputs the layer's extra inputs, one row per example: {@code [B, …]} each
     * @param repeats how many consecutive instances share one example: instance i belongs to example
     *     {@code i / repeats}
     * @param domain what the solutions must look like, by the solver's declared structure; plain-Java solvers run by
     *     {@link ArraySolvers} check each solution against it as they write it
     * @param timeoutMillis how long the call may take, or 0 for no limit: the layer's {@code solverTimeoutMillis}.
     *     Plain-Java solvers are stopped when it passes; a batch solver may honour it as it can
     */
    public SolveRequest(NDArray thetas, NDList inputs, int repeats, SolutionDomain domain, int timeoutMillis) {
        this(thetas, inputs, repeats, domain, timeoutMillis, null);
    }

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

    private SolveRequest(NDArray thetas, NDList inputs, int repeats, SolutionDomain domain, int timeoutMillis,
            int[] instances) {
        this.thetas = thetas;
        this.inputs = inputs;
        this.repeats = repeats;
        this.domain = domain;
        this.timeoutMillis = timeoutMillis;
        this.instances = instances;
    }

    /**
     * The instances to solve.
     *
     * @return θ, {@code [N, …]}, detached from any gradient graph, in the solver's own sense
     */
    public NDArray thetas() {
        return thetas;
    }

    /**
     * The layer's extra inputs.
     *
     * @return one array per {@code @Input} parameter, one row per example: {@code [B, …]} each
     */
    public NDList inputs() {
        return inputs;
    }

    /**
     * How many consecutive instances of the layer's call share one example.
     *
     * @return the count: instance i belongs to example {@code i / repeats}
     */
    public int repeats() {
        return repeats;
    }

    /**
     * What the solutions must look like, by the solver's declared structure.
     *
     * @return the domain; plain-Java solvers run by {@link ArraySolvers} check each solution against it as they
     *     write it
     */
    public SolutionDomain domain() {
        return domain;
    }

    /**
     * How long the call may take.
     *
     * @return the limit in milliseconds, or 0 for none: the layer's {@code solverTimeoutMillis}
     */
    public int timeoutMillis() {
        return timeoutMillis;
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
     * The number that row {@code row} of θ has in the layer's call, as messages name it: {@code row} itself, unless
     * a solution cache passed on only some of the call's instances.
     *
     * @param row a row of θ, in {@code [0, size())}
     * @return the instance's index in the layer's call; its example is this index divided by {@link #repeats()}
     */
    public int instanceIndex(int row) {
        return instances == null ? row : instances[row];
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
        return new SolveRequest(otherThetas, inputs, repeats, domain, timeoutMillis, instances);
    }

    /**
     * The request for some of this call's instances, which keep their numbers in messages. Only for solvers without
     * extra inputs, whose rows need not line up with examples.
     *
     * @param subset θ of the chosen instances, {@code [rows.length, …]}
     * @param rows the rows of this request they are, in order
     */
    SolveRequest subset(NDArray subset, int[] rows) {
        int[] numbers = new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            numbers[r] = instanceIndex(rows[r]);
        }
        return new SolveRequest(subset, inputs, repeats, domain, timeoutMillis, numbers);
    }

    /**
     * How many consecutive instances must hold the same number of ones in a {@code K_SUBSET} solution: all of the
     * call, or, when the solver has {@code @Input} parameters, the instances of one example.
     */
    int countGroup() {
        return inputs.isEmpty() ? Math.max(size(), 1) : repeats;
    }
}
