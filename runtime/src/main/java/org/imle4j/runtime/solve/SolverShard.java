package org.imle4j.runtime.solve;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A contiguous run of instances of one solver call, with everything needed to solve them on another machine: the
 * solver (its method and the values it captures), the θ rows of the instances, their numbers in the layer's call and
 * the call's extra inputs. What a {@link SolverExecutor} other than the local one sends, several instances per
 * message.
 */
public final class SolverShard implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String layer;
    private final String method;
    private final InstanceSolver<?> solver;
    private final int[] eventShape;
    /** θ of the instances, row-major, when the solver takes {@code float}s; null otherwise. */
    private final float[] floats;
    /** θ of the instances, row-major, when the solver takes {@code double}s; null otherwise. */
    private final double[] doubles;
    private final int[] numbers;
    private final int repeats;
    private final double[][] inputs;
    private final int[] widths;

    SolverShard(SolverIdentity identity, InstanceSolver<?> solver, int[] eventShape, float[] floats,
            double[] doubles, int[] numbers, int repeats, double[][] inputs, int[] widths) {
        this.layer = identity.layer();
        this.method = identity.method();
        this.solver = solver;
        this.eventShape = eventShape;
        this.floats = floats;
        this.doubles = doubles;
        this.numbers = numbers;
        this.repeats = repeats;
        this.inputs = inputs;
        this.widths = widths;
    }

    /**
     * Fails unless {@code solver} can be serialised, as an executor that sends it elsewhere needs: a lambda that calls
     * an instance method captures the method's owner, and every captured value must be serialisable.
     *
     * @param identity the layer and solver method, for the message
     * @param solver the solver of one instance
     * @param executor the executor's name, for the message
     * @throws IllegalArgumentException naming the layer, the solver method and what cannot be serialised
     */
    public static void requireSerializable(SolverIdentity identity, InstanceSolver<?> solver, String executor) {
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            out.writeObject(solver);
        } catch (IOException e) {
            throw new IllegalArgumentException(identity.describe() + ": the '" + executor + "' solver executor sends "
                    + "the solver to other machines, but it cannot be serialised (" + e + "); a solver that is an "
                    + "instance method needs a Serializable owner, and every value it captures must be Serializable;"
                    + " make them so, or keep the local executor", e);
        }
    }

    /**
     * The layer and solver method whose instances these are.
     *
     * @return the identity, as in the layer's messages
     */
    public SolverIdentity identity() {
        return new SolverIdentity(layer, method);
    }

    /**
     * Number of instances of this shard.
     *
     * @return the count, at least 1
     */
    public int size() {
        return numbers.length;
    }

    /**
     * The number that the shard's first instance has in the layer's call.
     *
     * @return the instance's index in the call
     */
    public int firstInstance() {
        return numbers[0];
    }

    /**
     * How many consecutive instances of the layer's call share one example.
     *
     * @return the count, for messages that name an instance's example and sample
     */
    public int repeats() {
        return repeats;
    }

    /**
     * Solves the shard's instances in order on the calling thread, stopping at the first that fails. Runs where the
     * executor sends the shard.
     *
     * @param member where the shard is solved, named in a failure's message, e.g. {@code 127.0.0.1:5702}
     * @return the solutions of the instances solved, and the failure that stopped the shard, if one did
     */
    public ShardResult solve(String member) {
        @SuppressWarnings("unchecked")
        InstanceSolver<Object> typed = (InstanceSolver<Object>) solver;
        HostInputs host = new HostInputs(inputs, widths);
        Instance instance = new Instance();
        int size = Arrays.stream(eventShape).reduce(1, Math::multiplyExact);
        Object[] solutions = new Object[numbers.length];
        long start = System.nanoTime();
        for (int row = 0; row < numbers.length; row++) {
            int number = numbers[row];
            try {
                solutions[row] = typed.solve(theta(row * size), instance.at(number, number / repeats, host));
            } catch (Instance.BadInputException e) {
                return ShardResult.failed(solutions, row, e.getMessage(), null, member, System.nanoTime() - start);
            } catch (Throwable e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return ShardResult.failed(solutions, row, "solver threw " + e, new RemoteFailure(e), member,
                        System.nanoTime() - start);
            }
        }
        return ShardResult.solved(solutions, member, System.nanoTime() - start);
    }

    /** θ of the instance whose values start at {@code offset}, as the solver takes it. */
    private Object theta(int offset) {
        if (eventShape.length == 1) {
            return floats != null
                    ? Arrays.copyOfRange(floats, offset, offset + eventShape[0])
                    : Arrays.copyOfRange(doubles, offset, offset + eventShape[0]);
        }
        int rows = eventShape[0];
        int cols = eventShape[1];
        if (floats != null) {
            float[][] theta = new float[rows][];
            for (int r = 0; r < rows; r++) {
                theta[r] = Arrays.copyOfRange(floats, offset + r * cols, offset + (r + 1) * cols);
            }
            return theta;
        }
        double[][] theta = new double[rows][];
        for (int r = 0; r < rows; r++) {
            theta[r] = Arrays.copyOfRange(doubles, offset + r * cols, offset + (r + 1) * cols);
        }
        return theta;
    }
}
