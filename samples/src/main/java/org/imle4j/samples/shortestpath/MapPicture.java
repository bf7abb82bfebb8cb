package org.imle4j.samples.shortestpath;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG of test maps with their paths: one row per estimator, one column per map; each tile is the rendered image
 * (noise included) upscaled, the true path outlined cell by cell and the predicted path as dots, with the regret of
 * the prediction under the tile.
 */
final class MapPicture {
    static final Color TRUE_PATH = Color.BLACK;
    static final Color PREDICTED_PATH = new Color(230, 20, 60);
    private static final int CELL = 20;
    private static final int LABEL_WIDTH = 90;
    private static final int TITLE_HEIGHT = 24;
    private static final int CAPTION_HEIGHT = 18;
    private static final int GAP = 10;
    private static final int LEGEND_HEIGHT = 34;

    private MapPicture() {}

    /**
     * Draws the maps and writes the PNG.
     *
     * @param maps the maps, one per column
     * @param rows the row labels (estimators)
     * @param predicted {@code predicted.get(r).get(m)}: the path of row r on map m, grid × grid indicator
     * @param file the .png to write
     */
    static Path write(List<WarcraftMap> maps, List<String> rows, List<List<int[][]>> predicted, Path file) {
        int grid = maps.get(0).grid();
        int patch = maps.get(0).patch();
        int pixel = Math.max(1, CELL / patch);
        int cell = pixel * patch;
        int tile = grid * cell;
        int width = LABEL_WIDTH + maps.size() * (tile + GAP) + GAP;
        int height = TITLE_HEIGHT + rows.size() * (tile + CAPTION_HEIGHT + GAP) + LEGEND_HEIGHT;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(Color.BLACK);
            for (int m = 0; m < maps.size(); m++) {
                g.drawString("test map " + (m + 1), LABEL_WIDTH + m * (tile + GAP), TITLE_HEIGHT - 8);
            }
            for (int r = 0; r < rows.size(); r++) {
                int top = TITLE_HEIGHT + r * (tile + CAPTION_HEIGHT + GAP);
                g.setColor(Color.BLACK);
                g.drawString(rows.get(r), 8, top + tile / 2);
                for (int m = 0; m < maps.size(); m++) {
                    WarcraftMap map = maps.get(m);
                    int[][] path = predicted.get(r).get(m);
                    int left = LABEL_WIDTH + m * (tile + GAP);
                    drawTile(g, map, path, left, top, pixel, cell);
                    double regret = (map.cost(path) - map.optimalCost()) / map.optimalCost();
                    g.setColor(Color.BLACK);
                    g.drawString(String.format("regret %.1f %%", 100 * regret), left, top + tile + CAPTION_HEIGHT - 4);
                }
            }
            drawLegend(g, height - LEGEND_HEIGHT + 4, cell);
        } finally {
            g.dispose();
        }
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static void drawTile(Graphics2D g, WarcraftMap map, int[][] predicted, int left, int top, int pixel,
            int cell) {
        int side = map.grid() * map.patch();
        float[] rgb = map.image();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                g.setColor(new Color(unit(rgb[y * side + x]), unit(rgb[(side + y) * side + x]),
                        unit(rgb[(2 * side + y) * side + x])));
                g.fillRect(left + x * pixel, top + y * pixel, pixel, pixel);
            }
        }
        int[][] truth = map.path();
        g.setStroke(new BasicStroke(2.5f));
        for (int row = 0; row < map.grid(); row++) {
            for (int column = 0; column < map.grid(); column++) {
                int x = left + column * cell;
                int y = top + row * cell;
                if (truth[row][column] == 1) {
                    g.setColor(TRUE_PATH);
                    g.drawRect(x + 2, y + 2, cell - 4, cell - 4);
                }
                if (predicted[row][column] == 1) {
                    drawDot(g, x + cell / 2, y + cell / 2, cell / 2);
                }
            }
        }
    }

    private static void drawDot(Graphics2D g, int centreX, int centreY, int diameter) {
        g.setColor(PREDICTED_PATH);
        g.fillOval(centreX - diameter / 2, centreY - diameter / 2, diameter, diameter);
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.WHITE);
        g.drawOval(centreX - diameter / 2, centreY - diameter / 2, diameter, diameter);
        g.setStroke(new BasicStroke(2.5f));
    }

    private static void drawLegend(Graphics2D g, int top, int cell) {
        int x = LABEL_WIDTH;
        g.setColor(TRUE_PATH);
        g.setStroke(new BasicStroke(2.5f));
        g.drawRect(x, top + 2, cell - 4, cell - 4);
        g.drawString("true path (Dijkstra on the true costs)", x + cell + 4, top + cell / 2 + 4);
        x += 300;
        drawDot(g, x + cell / 2, top + cell / 2, cell / 2);
        g.setColor(Color.BLACK);
        g.drawString("predicted path (Dijkstra on the predicted costs)", x + cell + 4, top + cell / 2 + 4);
    }

    private static float unit(float value) {
        return Math.min(1f, Math.max(0f, value));
    }
}
