package org.imle4j.samples.dvae;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.Random;

/**
 * MNIST-like binarised digits, generated: each image is a digit 0–9 rendered with one of the JDK's logical fonts
 * (Serif, SansSerif, Monospaced, Dialog, DialogInput, each plain, bold, italic or bold italic, mapped to the machine's
 * installed fonts), under a random affine transform (rotation, shear, scale, aspect, translation) and a random stroke
 * that thickens it, drawn anti-aliased at twice the resolution and averaged down to 28 × 28 grey levels, then warped
 * by an elastic distortion (Simard, Steinkraus and Platt, ICDAR 2003: a random displacement field smoothed by a
 * Gaussian) and binarised at one half.
 *
 * <p>Like MNIST the digit fills a box of about 20 × 20 pixels centred in the image. Unlike MNIST the strokes are
 * typeset shapes, not handwriting, so a class varies less within itself and the set is easier to reconstruct. The
 * images are a function of the seed and the installed fonts: the same seed gives the same images on one machine.
 */
final class HandwrittenDigits {
    /** The side of an image in pixels. */
    static final int SIDE = 28;
    /** Pixels per image. */
    static final int PIXELS = SIDE * SIDE;
    /** Digit classes. */
    static final int CLASSES = 10;

    private static final String[] FAMILIES = {
        Font.SERIF, Font.SANS_SERIF, Font.MONOSPACED, Font.DIALOG, Font.DIALOG_INPUT};
    private static final int[] STYLES = {Font.PLAIN, Font.BOLD, Font.ITALIC, Font.BOLD | Font.ITALIC};
    /** Rendering is at twice the resolution, then averaged over 2 × 2 blocks: anti-aliasing the rendered strokes. */
    private static final int SCALE = 2;
    private static final int CANVAS = SIDE * SCALE;
    /** The height of a digit in the canvas, before the random scale: MNIST's 20 of 28 pixels. */
    private static final double DIGIT_HEIGHT = 20.0 * SCALE;
    /**
     * Elastic distortion: displacement scale α and smoothing width σ in pixels of the 28 × 28 image, Simard et al.'s
     * values for MNIST (displacements of about 1.4 pixels, root mean square).
     */
    private static final double ELASTIC_ALPHA = 34;
    private static final double ELASTIC_SIGMA = 4;

    private HandwrittenDigits() {}

    /**
     * Binarised images and their classes.
     *
     * @param pixels one row of {@link #PIXELS} zeros and ones per image, row-major
     * @param labels the digit of each image
     */
    record Images(float[][] pixels, int[] labels) {
        /** {@return the number of images} */
        int size() {
            return labels.length;
        }
    }

    /**
     * Generates images, the classes in turn (0, 1, …, 9, 0, …), so every class is present once there are ten.
     *
     * @param count how many, at least 1
     * @param seed the seed of every random choice
     * @return the images
     * @throws IllegalArgumentException if {@code count} is below 1
     */
    static Images generate(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("the number of digit images must be at least 1, but was " + count);
        }
        Random random = new Random(seed);
        BufferedImage canvas = new BufferedImage(CANVAS, CANVAS, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = canvas.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        FontRenderContext context = graphics.getFontRenderContext();
        float[][] pixels = new float[count][];
        int[] labels = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                labels[i] = i % CLASSES;
                draw(graphics, glyph(labels[i], random, context), random);
                pixels[i] = binarise(distort(downsample(canvas.getRaster()), random));
            }
        } finally {
            graphics.dispose();
        }
        return new Images(pixels, labels);
    }

    /** The outline of a digit in a random font, at a size of about 100 units. */
    private static Shape glyph(int digit, Random random, FontRenderContext context) {
        Font font = new Font(FAMILIES[random.nextInt(FAMILIES.length)], STYLES[random.nextInt(STYLES.length)], 100);
        return font.createGlyphVector(context, String.valueOf(digit)).getOutline();
    }

    /** Draws the outline into the cleared canvas under a random affine transform, thickened by a random stroke. */
    private static void draw(Graphics2D graphics, Shape outline, Random random) {
        graphics.setColor(Color.BLACK);
        graphics.fillRect(0, 0, CANVAS, CANVAS);
        Rectangle2D bounds = outline.getBounds2D();
        double scale = DIGIT_HEIGHT * (0.8 + 0.25 * random.nextDouble()) / bounds.getHeight();
        double aspect = 0.75 + 0.4 * random.nextDouble();
        double shift = 1.5 * SCALE;
        AffineTransform transform = new AffineTransform();
        transform.translate(CANVAS / 2.0 + shift * (2 * random.nextDouble() - 1),
                CANVAS / 2.0 + shift * (2 * random.nextDouble() - 1));
        transform.rotate(Math.toRadians(15 * (2 * random.nextDouble() - 1)));
        transform.shear(0.3 * (2 * random.nextDouble() - 1), 0);
        transform.scale(scale * aspect, scale);
        transform.translate(-bounds.getCenterX(), -bounds.getCenterY());
        Shape placed = transform.createTransformedShape(outline);
        graphics.setColor(Color.WHITE);
        graphics.fill(placed);
        graphics.setStroke(new BasicStroke((float) (1.5 * SCALE * random.nextDouble()), BasicStroke.CAP_ROUND,
                BasicStroke.JOIN_ROUND));
        graphics.draw(placed);
    }

    /** Grey levels in [0, 1] of the canvas averaged over blocks of SCALE × SCALE pixels, row-major. */
    private static double[] downsample(Raster raster) {
        double[] grey = new double[PIXELS];
        int[] block = new int[SCALE * SCALE];
        for (int row = 0; row < SIDE; row++) {
            for (int column = 0; column < SIDE; column++) {
                raster.getSamples(column * SCALE, row * SCALE, SCALE, SCALE, 0, block);
                double sum = 0;
                for (int value : block) {
                    sum += value;
                }
                grey[row * SIDE + column] = sum / (255.0 * block.length);
            }
        }
        return grey;
    }

    /**
     * Moves every pixel by a smooth random displacement: uniform noise in [−1, 1] per pixel and axis, smoothed by a
     * Gaussian of width σ and scaled by α, read back by bilinear interpolation (zero outside the image).
     */
    private static double[] distort(double[] grey, Random random) {
        double[] dx = smooth(uniformField(random));
        double[] dy = smooth(uniformField(random));
        double[] warped = new double[PIXELS];
        for (int row = 0; row < SIDE; row++) {
            for (int column = 0; column < SIDE; column++) {
                int i = row * SIDE + column;
                warped[i] = bilinear(grey, column + ELASTIC_ALPHA * dx[i], row + ELASTIC_ALPHA * dy[i]);
            }
        }
        return warped;
    }

    private static double[] uniformField(Random random) {
        double[] field = new double[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            field[i] = 2 * random.nextDouble() - 1;
        }
        return field;
    }

    /** Separable Gaussian smoothing with σ = ELASTIC_SIGMA, the kernel cut at 3σ and the image zero outside. */
    private static double[] smooth(double[] field) {
        int radius = (int) Math.ceil(3 * ELASTIC_SIGMA);
        double[] kernel = new double[2 * radius + 1];
        double total = 0;
        for (int d = -radius; d <= radius; d++) {
            kernel[d + radius] = Math.exp(-d * d / (2 * ELASTIC_SIGMA * ELASTIC_SIGMA));
            total += kernel[d + radius];
        }
        for (int d = 0; d < kernel.length; d++) {
            kernel[d] /= total;
        }
        double[] rows = new double[PIXELS];
        double[] both = new double[PIXELS];
        for (int row = 0; row < SIDE; row++) {
            for (int column = 0; column < SIDE; column++) {
                double sum = 0;
                for (int d = -radius; d <= radius; d++) {
                    int c = column + d;
                    sum += c >= 0 && c < SIDE ? kernel[d + radius] * field[row * SIDE + c] : 0;
                }
                rows[row * SIDE + column] = sum;
            }
        }
        for (int row = 0; row < SIDE; row++) {
            for (int column = 0; column < SIDE; column++) {
                double sum = 0;
                for (int d = -radius; d <= radius; d++) {
                    int r = row + d;
                    sum += r >= 0 && r < SIDE ? kernel[d + radius] * rows[r * SIDE + column] : 0;
                }
                both[row * SIDE + column] = sum;
            }
        }
        return both;
    }

    private static double bilinear(double[] grey, double x, double y) {
        int left = (int) Math.floor(x);
        int top = (int) Math.floor(y);
        double fx = x - left;
        double fy = y - top;
        return (1 - fx) * (1 - fy) * at(grey, left, top) + fx * (1 - fy) * at(grey, left + 1, top)
                + (1 - fx) * fy * at(grey, left, top + 1) + fx * fy * at(grey, left + 1, top + 1);
    }

    private static double at(double[] grey, int column, int row) {
        return column >= 0 && column < SIDE && row >= 0 && row < SIDE ? grey[row * SIDE + column] : 0;
    }

    private static float[] binarise(double[] grey) {
        float[] binary = new float[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            binary[i] = grey[i] >= 0.5 ? 1f : 0f;
        }
        return binary;
    }
}
