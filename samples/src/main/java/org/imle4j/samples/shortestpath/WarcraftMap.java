package org.imle4j.samples.shortestpath;

/**
 * One generated map: its terrain, the cell costs that follow from it, the rendered RGB image and the cheapest path
 * under the true costs.
 *
 * @param terrain grid × grid terrain types, {@code terrain[row][column]}
 * @param cost grid × grid cell costs, {@code cost[row][column] = terrain[row][column].cost()}
 * @param image the rendered picture, channel-major {@code [3, grid·patch, grid·patch]} flattened
 * @param path grid × grid indicator of the cheapest path from the top-left to the bottom-right cell under
 *     {@code cost} (8-neighbour moves, a path costs the sum of its cells)
 * @param patch pixels per cell side in {@code image}
 */
public record WarcraftMap(Terrain[][] terrain, float[][] cost, float[] image, int[][] path, int patch) {

    /** {@return cells per side} */
    public int grid() {
        return terrain.length;
    }

    /** {@return the cost of the true path under the true costs: the optimum} */
    public double optimalCost() {
        return cost(path);
    }

    /**
     * The cost of a path under the map's true costs.
     *
     * @param anyPath a grid × grid indicator, {@code anyPath[row][column]} 1 on the path and 0 elsewhere
     * @return {@code Σ anyPath[row][column]·cost[row][column]}
     */
    public double cost(int[][] anyPath) {
        double total = 0;
        for (int row = 0; row < cost.length; row++) {
            for (int column = 0; column < cost[row].length; column++) {
                total += anyPath[row][column] * (double) cost[row][column];
            }
        }
        return total;
    }
}
