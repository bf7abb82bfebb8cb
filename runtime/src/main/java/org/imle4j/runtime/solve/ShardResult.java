package org.imle4j.runtime.solve;

import java.io.Serializable;

/**
 * What came of solving one {@link SolverShard}: the solutions of its instances in order, up to the first that failed,
 * and that failure.
 */
public final class ShardResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Object[] solutions;
    /** The row of the shard whose instance failed, or -1. */
    private final int failedRow;
    private final String failure;
    private final RemoteFailure cause;
    private final String member;
    private final long nanos;

    private ShardResult(Object[] solutions, int failedRow, String failure, RemoteFailure cause, String member,
            long nanos) {
        this.solutions = solutions;
        this.failedRow = failedRow;
        this.failure = failure;
        this.cause = cause;
        this.member = member;
        this.nanos = nanos;
    }

    static ShardResult solved(Object[] solutions, String member, long nanos) {
        return new ShardResult(solutions, -1, null, null, member, nanos);
    }

    static ShardResult failed(Object[] solutions, int failedRow, String failure, RemoteFailure cause, String member,
            long nanos) {
        return new ShardResult(solutions, failedRow, failure, cause, member, nanos);
    }

    /**
     * Where the shard was solved.
     *
     * @return the member's name, as the executor gave it to {@link SolverShard#solve(String)}
     */
    public String member() {
        return member;
    }

    /**
     * Time spent solving the shard's instances where it was solved.
     *
     * @return the nanoseconds
     */
    public long nanos() {
        return nanos;
    }

    /**
     * Whether an instance of the shard failed.
     *
     * @return true if the solver threw or an extra input did not fit its parameter
     */
    public boolean failed() {
        return failedRow >= 0;
    }

    /** The rows solved before the failure, or all of them. */
    int solvedRows() {
        return failedRow >= 0 ? failedRow : solutions.length;
    }

    Object solution(int row) {
        return solutions[row];
    }

    int failedRow() {
        return failedRow;
    }

    String failure() {
        return failure;
    }

    RemoteFailure cause() {
        return cause;
    }

    int rows() {
        return solutions.length;
    }
}
