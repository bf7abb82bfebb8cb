package org.imle4j.samples.shortestpath;

/**
 * The terrain types of the generated maps: the cost of crossing a cell, and the colour it is painted in (RGB in
 * [0, 1]). The colours are far apart, so a patch's mean colour identifies its terrain despite the pixel noise.
 */
public enum Terrain {
    SAND(0.8f, 0.90f, 0.80f, 0.45f),
    GRASS(1f, 0.40f, 0.75f, 0.25f),
    FOREST(2f, 0.05f, 0.35f, 0.10f),
    HILLS(5f, 0.55f, 0.40f, 0.30f),
    WATER(9f, 0.10f, 0.30f, 0.85f);

    private final float cost;
    private final float[] colour;

    Terrain(float cost, float red, float green, float blue) {
        this.cost = cost;
        this.colour = new float[] {red, green, blue};
    }

    /** The cost of a path through one cell of this terrain. */
    public float cost() {
        return cost;
    }

    /** Channel c (0 red, 1 green, 2 blue) of the terrain's colour. */
    public float colour(int channel) {
        return colour[channel];
    }
}
