package org.imle4j.runtime.solvers;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.ReadOnly;
import org.imle4j.annotation.Structure;

/** Selection of the k best options: maximises ⟨z, θ⟩ over 0/1 vectors z with exactly k ones. */
public final class TopK {
    private TopK() {
    }

    /**
     * 0/1 indicator of the k largest scores, maximising ⟨z, θ⟩ subject to Σz = k.
     *
     * <p>Among equal scores the lower index is selected first. Scores may be ±∞. Runs in O(n log k): one pass keeps
     * the k best seen so far in a binary min-heap whose root is the weakest of them, so n is never sorted.
     *
     * @param theta the n ≥ 1 scores; no NaN
     * @param k how many to select, 1 ≤ k ≤ n
     * @return z of length n with exactly k ones
     * @throws IllegalArgumentException if k is out of range or {@code theta} holds a NaN
     */
    @AimleLayer(name = "TopKLayer", structure = Structure.K_SUBSET)
    public static int[] indicator(float[] theta, int k) {
        Objects.requireNonNull(theta, "theta");
        if (k < 1 || k > theta.length) {
            throw new IllegalArgumentException(
                    "k is " + k + " but must be between 1 and the number of scores (" + theta.length + ")");
        }
        int[] heap = new int[k];
        for (int i = 0; i < theta.length; i++) {
            if (Float.isNaN(theta[i])) {
                throw new IllegalArgumentException("theta[" + i + "] is NaN; scores must be numbers");
            }
            if (i < k) {
                heap[i] = i;
                siftUp(heap, i, theta);
            } else if (theta[i] > theta[heap[0]]) {
                // Only a strictly larger score displaces the root: on a tie the root has the lower index and stays.
                heap[0] = i;
                siftDown(heap, theta);
            }
        }
        int[] z = new int[theta.length];
        for (int selected : heap) {
            z[selected] = 1;
        }
        return z;
    }

    /**
     * 0/1 indicator of the k largest scores along the last axis, for a whole batch at once on θ's device.
     *
     * <p>Ties are broken by the engine's top-k (they have probability zero under continuous noise).
     *
     * @param theta scores {@code [N, …, n]}
     * @param k how many to select per row, 1 ≤ k ≤ n
     * @return {@code [N, …, n]} with exactly k ones per row, θ's data type
     * @throws IllegalArgumentException if k is out of range
     */
    @AimleLayer(name = "BatchTopKLayer", structure = Structure.K_SUBSET)
    public static NDArray indicator(@ReadOnly NDArray theta, int k) {
        Objects.requireNonNull(theta, "theta");
        int axis = theta.getShape().dimension() - 1;
        long n = theta.getShape().get(axis);
        if (k < 1 || k > n) {
            throw new IllegalArgumentException(
                    "k is " + k + " but must be between 1 and the number of scores per row (" + n + ")");
        }
        NDArray indices = theta.topK(k, axis, true, false).get(1);
        NDArray ones = theta.getManager().ones(indices.getShape(), theta.getDataType());
        return theta.zerosLike().scatter(indices, ones, axis);
    }

    /** Whether option a ranks below option b: smaller score, or equal score and higher index. */
    private static boolean weaker(int a, int b, float[] theta) {
        return theta[a] < theta[b] || (theta[a] == theta[b] && a > b);
    }

    private static void siftUp(int[] heap, int position, float[] theta) {
        int moving = heap[position];
        while (position > 0) {
            int parent = (position - 1) / 2;
            if (!weaker(moving, heap[parent], theta)) {
                break;
            }
            heap[position] = heap[parent];
            position = parent;
        }
        heap[position] = moving;
    }

    private static void siftDown(int[] heap, float[] theta) {
        int moving = heap[0];
        int position = 0;
        while (true) {
            int child = 2 * position + 1;
            if (child >= heap.length) {
                break;
            }
            if (child + 1 < heap.length && weaker(heap[child + 1], heap[child], theta)) {
                child++;
            }
            if (!weaker(heap[child], moving, theta)) {
                break;
            }
            heap[position] = heap[child];
            position = child;
        }
        heap[position] = moving;
    }
}
