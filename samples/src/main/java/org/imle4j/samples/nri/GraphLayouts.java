package org.imle4j.samples.nri;

import java.util.Random;
import org.imle4j.runtime.solvers.SpanningTree;

/**
 * The graph-layout data of the stochastic softmax tricks paper (Paulus et al., NeurIPS 2020): each example is a
 * random spanning tree on n vertices and the trajectories of its vertices while a force-directed layout untangles it.
 *
 * <p>The tree is the maximum spanning tree (Kruskal) of i.i.d. standard Gumbel weights on the n(n−1)/2 vertex pairs.
 * The vertices start at N(0, I) in 2-D; each frame is one Fruchterman–Reingold iteration (spring constant
 * {@code k = 1/√n}, every pair repelled by {@code k²/d}, every tree edge attracting by {@code d²/k}, each vertex moved
 * by the temperature {@code t = 0.1 × extent} of the layout along its displacement), after which the layout is
 * centred and scaled so that its largest coordinate in absolute value is 1. Every position is therefore in [−1, 1].
 */
final class GraphLayouts {
    /** Pairs closer than this count as this far apart, so that coincident vertices repel by a finite force. */
    private static final double MIN_DISTANCE = 0.01;

    private GraphLayouts() {}

    /**
     * Examples of one split.
     *
     * @param nodes n, the vertices of each graph
     * @param frames T, the frames of each trajectory
     * @param positions {@code [count, n, T, 2]} in row-major order
     * @param edges {@code [count, n(n−1)/2]}: 1 where the pair is a tree edge, in the order of
     *     {@link SpanningTree#edgeIndex}
     */
    record Split(int nodes, int frames, float[] positions, float[] edges) {
        /** {@return the number of examples} */
        int size() {
            return positions.length / (nodes * frames * 2);
        }

        /** {@return the pairs n(n−1)/2} */
        int pairs() {
            return nodes * (nodes - 1) / 2;
        }

        /**
         * This split mapped affinely so that {@code low} goes to −1 and {@code high} to 1, as NRI normalises its data
         * by the training set's extremes.
         *
         * @param low the training set's least coordinate
         * @param high the training set's largest coordinate, above {@code low}
         * @return the normalised split
         */
        Split normalised(float low, float high) {
            float[] mapped = new float[positions.length];
            for (int i = 0; i < mapped.length; i++) {
                mapped[i] = 2 * (positions[i] - low) / (high - low) - 1;
            }
            return new Split(nodes, frames, mapped, edges);
        }

        /** {@return the least coordinate} */
        float min() {
            float min = Float.POSITIVE_INFINITY;
            for (float value : positions) {
                min = Math.min(min, value);
            }
            return min;
        }

        /** {@return the largest coordinate} */
        float max() {
            float max = Float.NEGATIVE_INFINITY;
            for (float value : positions) {
                max = Math.max(max, value);
            }
            return max;
        }
    }

    /**
     * Generates a split.
     *
     * @param count the examples
     * @param nodes n, at least 2
     * @param frames T, at least 2
     * @param seed the seed of the trees and the starting positions
     * @return the examples
     */
    static Split generate(int count, int nodes, int frames, long seed) {
        Random random = new Random(seed);
        int pairs = nodes * (nodes - 1) / 2;
        float[] positions = new float[count * nodes * frames * 2];
        float[] edges = new float[count * pairs];
        double[][] layout = new double[nodes][2];
        float[] weights = new float[pairs];
        for (int example = 0; example < count; example++) {
            for (int pair = 0; pair < pairs; pair++) {
                weights[pair] = (float) -Math.log(-Math.log(random.nextDouble()));
            }
            int[] tree = SpanningTree.maximumWeight(weights, nodes);
            for (int pair = 0; pair < pairs; pair++) {
                edges[example * pairs + pair] = tree[pair];
            }
            for (double[] vertex : layout) {
                vertex[0] = random.nextGaussian();
                vertex[1] = random.nextGaussian();
            }
            for (int frame = 0; frame < frames; frame++) {
                layoutStep(layout, tree);
                for (int node = 0; node < nodes; node++) {
                    int at = ((example * nodes + node) * frames + frame) * 2;
                    positions[at] = (float) layout[node][0];
                    positions[at + 1] = (float) layout[node][1];
                }
            }
        }
        return new Split(nodes, frames, positions, edges);
    }

    /** One Fruchterman–Reingold iteration, then centring and scaling into [−1, 1]. */
    private static void layoutStep(double[][] layout, int[] tree) {
        int nodes = layout.length;
        double k = 1 / Math.sqrt(nodes);
        double[][] displacement = new double[nodes][2];
        for (int i = 0; i < nodes; i++) {
            for (int j = 0; j < nodes; j++) {
                if (i == j) {
                    continue;
                }
                double dx = layout[i][0] - layout[j][0];
                double dy = layout[i][1] - layout[j][1];
                double distance = Math.max(Math.hypot(dx, dy), MIN_DISTANCE);
                double attraction = tree[SpanningTree.edgeIndex(i, j, nodes)] * distance / k;
                double force = k * k / (distance * distance) - attraction;
                displacement[i][0] += dx * force;
                displacement[i][1] += dy * force;
            }
        }
        double temperature = 0.1 * Math.max(extent(layout, 0), extent(layout, 1));
        for (int i = 0; i < nodes; i++) {
            double length = Math.max(Math.hypot(displacement[i][0], displacement[i][1]), MIN_DISTANCE);
            layout[i][0] += displacement[i][0] * temperature / length;
            layout[i][1] += displacement[i][1] * temperature / length;
        }
        rescale(layout);
    }

    private static double extent(double[][] layout, int axis) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] vertex : layout) {
            min = Math.min(min, vertex[axis]);
            max = Math.max(max, vertex[axis]);
        }
        return max - min;
    }

    private static void rescale(double[][] layout) {
        for (int axis = 0; axis < 2; axis++) {
            double mean = 0;
            for (double[] vertex : layout) {
                mean += vertex[axis] / layout.length;
            }
            for (double[] vertex : layout) {
                vertex[axis] -= mean;
            }
        }
        double largest = 0;
        for (double[] vertex : layout) {
            largest = Math.max(largest, Math.max(Math.abs(vertex[0]), Math.abs(vertex[1])));
        }
        for (double[] vertex : layout) {
            vertex[0] /= largest;
            vertex[1] /= largest;
        }
    }
}
