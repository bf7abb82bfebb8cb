package org.imle4j.samples.shortestpath;

/**
 * The terrain types of the generated maps: the cost of crossing a cell, and the colour it is painted in (RGB in
 * [0, 1]). The colours are far apart, so a patch's mean colour identifies its terrain despite the pixel noise.
 */
public enum Terrain {
    /** Sand: cost 0.8, pale yellow. */
    SAND(0.8f, 0.90f, 0.80f, 0.45f),
    /** Grass: cost 1, green. */
    GRASS(1f, 0.40f, 0.75f, 0.25f),
    /** Forest: cost 2, dark green. */
    FOREST(2f, 0.05f, 0.35f, 0.10f),
    /** Hills: cost 5, brown. */
    HILLS(5f, 0.55f, 0.40f, 0.30f),
    /** Water: cost 9, blue. */
    WATER(9f, 0.10f, 0.30f, 0.85f);

    private final float cost;
    private final float[] colour;

    Terrain(float cost, float red, float green, float blue) {
        this.cost = cost;
        this.colour = new float[] {red, green, blue};
    }

    /** {@return the cost of a path through one cell of this terrain} */
    public float cost() {
        return cost;
    }

    /**
     * One channel of the terrain's colour.
     *
     * @param channel 0 for red, 1 for green, 2 for blue
     * @return the channel's intensity, in [0, 1]
     * @throws ArrayIndexOutOfBoundsException if the channel is not 0, 1 or 2
     */
    public float colour(int channel) {
        return colour[channel];
    }
}
