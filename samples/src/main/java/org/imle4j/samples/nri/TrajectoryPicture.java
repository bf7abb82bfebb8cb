package org.imle4j.samples.nri;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG of a few test trajectories, one column per example and one row per method: each vertex's path (grey) ending
 * in a dot at its last frame, the true tree's edges there (thick, light green), and the method's MAP graph on top
 * (blue where the edge is in the tree, red where it is not).
 */
final class TrajectoryPicture {
    private static final int CELL = 220;
    private static final int LABEL = 24;
    private static final int MARGIN = 14;

    private final GraphLayouts.Split examples;
    private final List<String> methods = new ArrayList<>();
    private final List<float[]> graphs = new ArrayList<>();

    private TrajectoryPicture(GraphLayouts.Split examples) {
        this.examples = examples;
    }

    /**
     * A picture of the first examples of a split.
     *
     * @param split the (normalised) test split
     * @param count how many examples, at most the split's size
     * @return the picture, with no method yet
     */
    static TrajectoryPicture of(GraphLayouts.Split split, int count) {
        int perExample = split.nodes() * split.frames() * 2;
        float[] positions = new float[count * perExample];
        System.arraycopy(split.positions(), 0, positions, 0, positions.length);
        float[] edges = new float[count * split.pairs()];
        System.arraycopy(split.edges(), 0, edges, 0, edges.length);
        return new TrajectoryPicture(new GraphLayouts.Split(split.nodes(), split.frames(), positions, edges));
    }

    /**
     * Adds a row.
     *
     * @param method the method's label
     * @param mapGraphs the method's MAP graphs of the whole split, {@code [size, m]}; the first examples are drawn
     */
    void add(String method, float[] mapGraphs) {
        methods.add(method);
        graphs.add(mapGraphs);
    }

    /**
     * Writes the picture.
     *
     * @param file the PNG file
     * @throws UncheckedIOException if it cannot be written
     */
    void write(Path file) {
        int columns = examples.size();
        BufferedImage image = new BufferedImage(columns * CELL, methods.size() * (CELL + LABEL),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int row = 0; row < methods.size(); row++) {
            int top = row * (CELL + LABEL);
            g.setColor(Color.BLACK);
            g.drawString(methods.get(row), 6, top + 17);
            for (int column = 0; column < columns; column++) {
                drawExample(g, column, column * CELL, top + LABEL, graphs.get(row));
            }
        }
        g.dispose();
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void drawExample(Graphics2D g, int example, int left, int top, float[] predicted) {
        int nodes = examples.nodes();
        int frames = examples.frames();
        g.setColor(new Color(235, 235, 235));
        g.drawRect(left + 2, top + 2, CELL - 4, CELL - 4);
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.GRAY);
        for (int node = 0; node < nodes; node++) {
            for (int frame = 1; frame < frames; frame++) {
                g.drawLine(x(example, node, frame - 1, left), y(example, node, frame - 1, top),
                        x(example, node, frame, left), y(example, node, frame, top));
            }
        }
        int pairs = examples.pairs();
        int last = frames - 1;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0, pair = 0; i < nodes; i++) {
                for (int j = i + 1; j < nodes; j++, pair++) {
                    boolean real = examples.edges()[example * pairs + pair] > 0.5f;
                    boolean edge = predicted[example * pairs + pair] > 0.5f;
                    if (pass == 0 && real) {
                        g.setStroke(new BasicStroke(6f));
                        g.setColor(new Color(170, 230, 170));
                    } else if (pass == 1 && edge) {
                        g.setStroke(new BasicStroke(1.8f));
                        g.setColor(real ? new Color(30, 80, 220) : new Color(220, 40, 40));
                    } else {
                        continue;
                    }
                    g.drawLine(x(example, i, last, left), y(example, i, last, top), x(example, j, last, left),
                            y(example, j, last, top));
                }
            }
        }
        g.setColor(Color.BLACK);
        for (int node = 0; node < nodes; node++) {
            g.fillOval(x(example, node, last, left) - 3, y(example, node, last, top) - 3, 7, 7);
        }
    }

    private int x(int example, int node, int frame, int left) {
        return left + MARGIN + Math.round((coordinate(example, node, frame, 0) + 1) / 2 * (CELL - 2 * MARGIN));
    }

    private int y(int example, int node, int frame, int top) {
        return top + MARGIN + Math.round((1 - coordinate(example, node, frame, 1)) / 2 * (CELL - 2 * MARGIN));
    }

    private float coordinate(int example, int node, int frame, int axis) {
        return examples.positions()[((example * examples.nodes() + node) * examples.frames() + frame) * 2 + axis];
    }
}
