package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.SharedData;
import dev.xfer.extract.image.ImageDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

    /** The golden fixture's first image is cat/1.jpg resized to 227 with half-pixel centres. */
    @Test
    void decodesLikeTheGoldenFixture() throws Exception {
        float[] golden = Floats.caffeInputToRgb(Floats.read(SharedData.resolve(SharedData.GOLDEN)
                .resolve("input.f32")));
        try (ImageDecoder d = new ImageDecoder(227)) {
            float[] rgb = d.decode(SharedData.resolve(SharedData.PETS).resolve("cat/1.jpg"));
            assertEquals(227 * 227 * 3, rgb.length);
            double sum = 0;
            for (int i = 0; i < rgb.length; i++) {
                sum += Math.abs(rgb[i] - golden[i]);
            }
            double mean = sum / rgb.length;
            // what remains is PIL rounding its resized pixels to 8 bits
            assertTrue(mean < 0.35, "mean absolute pixel difference " + mean);
        }
    }

    @Test
    void aCorruptImageIsBadInputNamingTheFile(@TempDir Path tmp) throws Exception {
        Path fake = tmp.resolve("fake.jpg");
        Files.writeString(fake, "not an image");
        try (ImageDecoder d = new ImageDecoder(64)) {
            BadInputException e = assertThrows(BadInputException.class, () -> d.decode(fake));
            assertTrue(e.getMessage().startsWith(fake.toString()), e.getMessage());
        }
    }

    /** A CMYK JPEG (written by PIL from an RGB photo) is converted to RGB, not refused. */
    @Test
    void cmykJpegIsConvertedToRgb() throws Exception {
        Path dir = Path.of(ImageDecoderTest.class.getResource("/images").toURI());
        try (ImageDecoder d = new ImageDecoder(180)) {
            float[] cmyk = d.decode(dir.resolve("cmyk.jpg"));
            float[] rgb = d.decode(dir.resolve("rgb.png"));
            double sum = 0;
            for (int i = 0; i < rgb.length; i++) {
                sum += Math.abs(cmyk[i] - rgb[i]);
            }
            double mean = sum / rgb.length;
            // JPEG compression of the CMYK planes is all that differs
            assertTrue(mean < 4, "mean absolute pixel difference " + mean);
        }
    }
}
