package org.imle4j.runtime.solve;

/**
 * Copies a solution returned by a plain-Java solver into the batch's output buffer, checking its shape and values.
 *
 * <p>Each method returns {@code null} on success and otherwise a description of what is wrong with the solution.
 */
final class SolutionWriter {
    private SolutionWriter() {}

    static String write(Object solution, int[] eventShape, float[] out, int offset) {
        if (solution == null) {
            return "solver returned null";
        }
        if (eventShape.length == 1) {
            return writeRow(solution, eventShape[0], out, offset, "");
        }
        if (!(solution instanceof Object[] rows)) {
            return "solver returned " + solution.getClass().getSimpleName()
                    + ", but θ is a matrix, so the solution must be a 2-D array";
        }
        if (rows.length != eventShape[0]) {
            return "solver returned " + rows.length + " rows, expected " + eventShape[0];
        }
        int width = eventShape[1];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null) {
                return "solver returned null for row " + r;
            }
            String problem = writeRow(rows[r], width, out, offset + r * width, " in row " + r);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String writeRow(Object row, int length, float[] out, int offset, String where) {
        int actual = length(row);
        if (actual < 0) {
            return "solver returned " + row.getClass().getSimpleName()
                    + where + "; expected an array of boolean, byte, int, float or double";
        }
        if (actual != length) {
            return "solver returned " + actual + " values" + where + ", expected " + length;
        }
        if (row instanceof int[] values) {
            for (int i = 0; i < length; i++) {
                out[offset + i] = values[i];
            }
        } else if (row instanceof float[] values) {
            for (int i = 0; i < length; i++) {
                if (!Float.isFinite(values[i])) {
                    return "solver returned the non-finite value " + values[i] + " at index " + i + where;
                }
                out[offset + i] = values[i];
            }
        } else if (row instanceof double[] values) {
            for (int i = 0; i < length; i++) {
                if (!Double.isFinite(values[i])) {
                    return "solver returned the non-finite value " + values[i] + " at index " + i + where;
                }
                out[offset + i] = (float) values[i];
            }
        } else if (row instanceof boolean[] values) {
            for (int i = 0; i < length; i++) {
                out[offset + i] = values[i] ? 1f : 0f;
            }
        } else {
            byte[] values = (byte[]) row;
            for (int i = 0; i < length; i++) {
                out[offset + i] = values[i];
            }
        }
        return null;
    }

    private static int length(Object row) {
        if (row instanceof int[] values) {
            return values.length;
        } else if (row instanceof float[] values) {
            return values.length;
        } else if (row instanceof double[] values) {
            return values.length;
        } else if (row instanceof boolean[] values) {
            return values.length;
        } else if (row instanceof byte[] values) {
            return values.length;
        }
        return -1;
    }
}
