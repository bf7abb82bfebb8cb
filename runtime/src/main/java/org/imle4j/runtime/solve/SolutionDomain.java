package org.imle4j.runtime.solve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.internal.Finiteness;

/**
 * The values a layer's solutions must take, from the {@link Structure} its solver declares: 0/1 entries, one 1 per
 * row, the same number of ones in every instance, a permutation of {@code 1, …, n} per row.
 *
 * <p>Plain-Java solutions are checked on the host as they are written, one pass over each; a batch solver's
 * {@code float32} solutions in CPU memory (or few of them elsewhere) are read on the host, a chunk at a time (which
 * costs less than the tensor operations of a check), others are checked on the device, with one flag copied to the
 * host unless something is wrong. Solutions of a {@link Structure#UNSPECIFIED} solver, or of a layer built with {@code optCheckSolutions(false)}, are only checked
 * for their shape and for finite values.
 */
public final class SolutionDomain {
    /** No check beyond shape and finiteness. */
    public static final SolutionDomain UNCHECKED = new SolutionDomain(Structure.UNSPECIFIED, false);

    /** What {@link #check} returns for a solution that breaks the structure. */
    static final int BROKEN = -1;

    private final Structure structure;
    private final boolean checked;

    private SolutionDomain(Structure structure, boolean checked) {
        this.structure = structure;
        this.checked = checked;
    }

    /**
     * The domain of a solver's solutions.
     *
     * @param structure the structure the solver declares
     * @param check whether solutions are checked against it
     * @return the domain; {@link #UNCHECKED} for an unspecified structure or when checks are off
     */
    public static SolutionDomain of(Structure structure, boolean check) {
        return check && structure != Structure.UNSPECIFIED ? new SolutionDomain(structure, true) : UNCHECKED;
    }

    /**
     * The structure solutions are checked against.
     *
     * @return the structure; {@link Structure#UNSPECIFIED} when solutions are not checked against one
     */
    public Structure structure() {
        return structure;
    }

    /**
     * Whether solutions are checked against a structure.
     *
     * @return true when they are checked beyond shape and finiteness
     */
    public boolean checked() {
        return checked;
    }

    /** A solution that breaks the structure: the instance of the solver call, and what is wrong with it. */
    record Violation(int instance, String problem) {}

    /**
     * Checks the solution of one instance in one pass.
     *
     * @param values the solutions of a call, row-major
     * @param offset where this instance's solution starts
     * @param size the number of values of one solution
     * @param width the length of a row, the solution's last axis
     * @return the number of ones (for the count that {@link Structure#K_SUBSET} compares across instances), or
     *     {@link #BROKEN}; then {@link #describe} says why
     */
    int check(float[] values, int offset, int size, int width) {
        return switch (structure) {
            case UNSPECIFIED -> 0;
            case BINARY, INDEPENDENT_BITS, K_SUBSET, SPANNING_TREE -> countOnes(values, offset, size);
            case ONE_HOT -> oneOnePerRow(values, offset, size, width);
            case RANKING -> permutationRows(values, offset, size, width) ? 0 : BROKEN;
        };
    }

    /**
     * Why a solution that {@link #check} refused breaks the structure.
     *
     * @return what is wrong, with the index of the value or row at fault
     */
    String describe(float[] values, int offset, int size, int width) {
        for (int i = 0; i < size; i++) {
            float value = values[offset + i];
            if (structure != Structure.RANKING && value != 0f && value != 1f) {
                return "solution holds " + value + " at index " + i + ", but a " + structure
                        + " solution holds only 0 and 1";
            }
        }
        for (int row = 0; row < size / width; row++) {
            int start = offset + row * width;
            String where = size == width ? "" : " in row " + row;
            if (structure == Structure.ONE_HOT) {
                int ones = countOnes(values, start, width);
                if (ones != 1) {
                    return "solution has " + ones + " ones" + where + ", but a ONE_HOT solution has exactly one 1 "
                            + "per row";
                }
            } else if (structure == Structure.RANKING && !permutationRows(values, start, width, width)) {
                return "solution" + where + " is not a permutation of 1, …, " + width + " (it holds "
                        + row(values, start, width) + "), but a RANKING solution ranks every item once";
            }
        }
        return "solution breaks the declared structure " + structure;
    }

    /**
     * Compares the numbers of ones of {@link Structure#K_SUBSET} solutions within each group of instances.
     *
     * @param ones the number of ones of each instance, from {@link #check}; entries from {@code count} on are ignored
     * @param count the number of instances
     * @param groupSize how many consecutive instances must agree: all of a call, or those of one example
     * @return the first instance whose count differs from its group's first, or null
     */
    Violation countMismatch(int[] ones, int count, int groupSize) {
        if (structure != Structure.K_SUBSET) {
            return null;
        }
        for (int i = 0; i < count; i++) {
            int first = i - i % groupSize;
            if (ones[i] != ones[first]) {
                return new Violation(i, "solution has " + ones[i] + " ones, but instance " + first + " has "
                        + ones[first] + "; a K_SUBSET solver returns the same number of ones for every instance"
                        + (groupSize < count ? " of an example" : "") + " (k is fixed by the layer's settings"
                        + (groupSize < count ? " and the example's @Input values)" : ")"));
            }
        }
        return null;
    }

    /**
     * Checks the solutions of a batch solver: against the declared structure when this domain is
     * {@linkplain #checked() checked} (which implies finite values), otherwise for finite values only.
     * {@code float32} solutions in CPU memory, and few of them elsewhere, are read on the host; the others are checked
     * on the device, and copied to the host only when one fails, to say which and why.
     *
     * @param solutions the solutions of {@code request}, {@code [N, …]}, floating point
     * @param request the call they answer: its instances' numbers and examples name the failing one
     * @param identity the layer and solver method, named in the error
     * @throws SolverException naming the first instance whose solution breaks the structure or is not finite
     */
    public void checkSolutions(NDArray solutions, SolveRequest request, SolverIdentity identity) {
        if (checked) {
            Violation violation = checkBatch(solutions, request.countGroup());
            if (violation != null) {
                throw identity.failure(violation.problem(), request.instanceIndex(violation.instance()),
                        request.repeats(), null);
            }
            return;
        }
        int bad = Finiteness.firstNonFiniteRow(solutions);
        if (bad >= 0) {
            throw identity.failure("solver returned non-finite values", request.instanceIndex(bad), request.repeats(),
                    null);
        }
    }

    /**
     * Checks the solutions of a batch solver: on the host when they are {@code float32} in CPU memory or few
     * ({@link Finiteness#onHost}), otherwise on the device, copying them to the host only when one breaks the
     * structure, to say which and why.
     *
     * @param solutions {@code [N, …]}, floating point
     * @param groupSize how many consecutive instances must hold the same number of ones (for
     *     {@link Structure#K_SUBSET}): N, or the instances of one example; N must be a multiple of it
     * @return the first instance that breaks the structure, or null
     */
    Violation checkBatch(NDArray solutions, int groupSize) {
        if (!checked || solutions.size() == 0) {
            return null;
        }
        long count = solutions.getShape().get(0);
        int lastAxis = solutions.getShape().dimension() - 1;
        FloatBuffer host = Finiteness.onHost(solutions);
        if (host != null) {
            return firstViolation(host, Math.toIntExact(count), Math.toIntExact(solutions.getShape().get(lastAxis)),
                    groupSize);
        }
        // The scope closes the intermediate arrays, which would otherwise live as long as the solutions' manager.
        try (NDScope scope = new NDScope()) {
            // A sum of non-negative deviations is 0 exactly when every one is; NaN and ∞ make it non-zero.
            double total = deviations(solutions, count, lastAxis, groupSize).sum().toType(DataType.FLOAT64, false)
                    .getDouble();
            if (total == 0) {
                return null;
            }
        }
        return checkOnHost(solutions, groupSize);
    }

    /**
     * How far each instance is from the structure, {@code [N]}: non-negative, and 0 exactly where the instance fits.
     * Entries off {0, 1} count {@code |z·(z − 1)|}, rows off one 1 {@code |Σ − 1|}, counts off the group's first
     * {@code |ones − ones₀|}, rankings {@code Σ|sort(z) − (1, …, n)|}.
     */
    private NDArray deviations(NDArray solutions, long count, int lastAxis, int groupSize) {
        int[] perInstance = {1};
        if (structure == Structure.RANKING) {
            long width = solutions.getShape().get(lastAxis);
            NDArray ranks = solutions.getManager().arange(1f, width + 1f, 1f, solutions.getDataType(),
                    solutions.getDevice());
            return solutions.sort(lastAxis).sub(ranks).abs().reshape(count, -1).sum(perInstance);
        }
        NDArray one = Scalars.of(solutions, 1);
        NDArray deviations = solutions.mul(solutions.sub(one)).abs().reshape(count, -1).sum(perInstance);
        if (structure == Structure.ONE_HOT) {
            NDArray rows = solutions.sum(new int[] {lastAxis}).sub(one).abs().reshape(count, -1).sum(perInstance);
            return deviations.add(rows);
        }
        if (structure == Structure.K_SUBSET) {
            NDArray ones = solutions.reshape(count, -1).sum(perInstance).reshape(-1, groupSize);
            return deviations.add(ones.sub(ones.get(new NDIndex(":, 0:1"))).abs().reshape(count));
        }
        return deviations;
    }

    /** The first violation among solutions, found on the host. */
    private Violation checkOnHost(NDArray solutions, int groupSize) {
        float[] values;
        try (NDArray floats = solutions.toType(DataType.FLOAT32, false)) {
            values = floats.toFloatArray();
        }
        int count = Math.toIntExact(solutions.getShape().get(0));
        int width = Math.toIntExact(solutions.getShape().get(solutions.getShape().dimension() - 1));
        Violation violation = firstViolation(FloatBuffer.wrap(values), count, width, groupSize);
        return violation != null ? violation
                : new Violation(0, "solutions break the declared structure " + structure
                        + " on the device, but not once copied to the host as float32");
    }

    /**
     * The first violation among {@code count} solutions held row-major in {@code values}, read a chunk of solutions at
     * a time, or null if none breaks the structure.
     */
    private Violation firstViolation(FloatBuffer values, int count, int width, int groupSize) {
        int size = values.limit() / count;
        int[] ones = new int[count];
        Violation[] broken = {null};
        Finiteness.scanRows(values, size, (chunk, first, instances) -> {
            for (int i = 0; i < instances; i++) {
                ones[first + i] = check(chunk, i * size, size, width);
                if (ones[first + i] == BROKEN) {
                    broken[0] = new Violation(first + i, describe(chunk, i * size, size, width));
                    return first + i;
                }
            }
            return -1;
        });
        return broken[0] != null ? broken[0] : countMismatch(ones, count, groupSize);
    }

    /** The number of ones, or {@link #BROKEN} if a value is not 0 or 1. */
    private static int countOnes(float[] values, int offset, int size) {
        // Two float sums and no branch, several times faster than comparing each value: |z·(z − 1)| is 0 for 0 and
        // 1 and positive (or NaN) otherwise, and a sum of non-negative floats is 0 only when every term is; then the
        // sum of z counts the ones exactly (below 2^24 of them).
        float ones = 0;
        float deviation = 0;
        for (int i = offset; i < offset + size; i++) {
            float value = values[i];
            ones += value;
            deviation += Math.abs(value * (value - 1f));
        }
        return deviation == 0 ? (int) ones : BROKEN;
    }

    private static int oneOnePerRow(float[] values, int offset, int size, int width) {
        for (int start = offset; start < offset + size; start += width) {
            if (countOnes(values, start, width) != 1) {
                return BROKEN;
            }
        }
        return size / width;
    }

    private static boolean permutationRows(float[] values, int offset, int size, int width) {
        long[] seen = new long[(width + 63) / 64];
        for (int start = offset; start < offset + size; start += width) {
            Arrays.fill(seen, 0L);
            for (int i = start; i < start + width; i++) {
                float value = values[i];
                int rank = (int) value;
                if (rank != value || rank < 1 || rank > width) {
                    return false;
                }
                long bit = 1L << ((rank - 1) & 63);
                if ((seen[(rank - 1) >>> 6] & bit) != 0) {
                    return false;
                }
                seen[(rank - 1) >>> 6] |= bit;
            }
        }
        return true;
    }

    private static String row(float[] values, int start, int width) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < Math.min(width, 12); i++) {
            text.append(i == 0 ? "" : ", ").append(values[start + i]);
        }
        return text.append(width > 12 ? ", …]" : "]").toString();
    }

    @Override
    public String toString() {
        return checked ? "solutions checked as " + structure : "solutions unchecked";
    }
}
