package org.imle4j.samples.dvae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The generated digits: a function of the seed, binary, every class present, each with some ink and some paper. */
class HandwrittenDigitsTest {
    @Test
    void theSameSeedGivesTheSameImagesAndAnotherSeedOthers() {
        HandwrittenDigits.Images first = HandwrittenDigits.generate(30, 7);
        HandwrittenDigits.Images again = HandwrittenDigits.generate(30, 7);
        HandwrittenDigits.Images other = HandwrittenDigits.generate(30, 8);
        assertArrayEquals(first.labels(), again.labels());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.pixels()[i], again.pixels()[i], "image " + i);
        }
        assertFalse(Arrays.deepEquals(first.pixels(), other.pixels()));
    }

    @Test
    void imagesAreBinaryWithEveryClassPresent() {
        HandwrittenDigits.Images images = HandwrittenDigits.generate(40, 3);
        assertEquals(40, images.size());
        int[] perClass = new int[HandwrittenDigits.CLASSES];
        for (int i = 0; i < images.size(); i++) {
            perClass[images.labels()[i]]++;
            float[] pixels = images.pixels()[i];
            assertEquals(HandwrittenDigits.PIXELS, pixels.length);
            int ink = 0;
            for (float pixel : pixels) {
                assertTrue(pixel == 0f || pixel == 1f, "pixel " + pixel + " of image " + i);
                ink += (int) pixel;
            }
            // A digit of about 20 × 20 pixels with strokes two or more wide: never blank, never mostly ink.
            assertTrue(ink > 20 && ink < HandwrittenDigits.PIXELS / 2, "ink " + ink + " in image " + i);
        }
        assertArrayEquals(new int[] {4, 4, 4, 4, 4, 4, 4, 4, 4, 4}, perClass);
    }

    @Test
    void rejectsNoImages() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> HandwrittenDigits.generate(0, 1));
        assertTrue(error.getMessage().contains("at least 1"), error.getMessage());
    }
}
