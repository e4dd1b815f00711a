package dev.xfer.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.xfer.common.SharedData;
import dev.xfer.extract.image.ImageDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The decoded-image cache gives exactly the decoder's pixels from either form it keeps: the photo's own uint8
 * pixels when they are smaller than the float32 input (a 180 px photo for a 227 px network), else the float32
 * input (the same photo for a 64 px network).
 */
class DecodedImagesTest {

    @Test
    void keepsTheSmallerExactFormAndGivesTheDecodersPixels() throws Exception {
        Path photo;
        try (var files = Files.list(SharedData.resolve(SharedData.PETS).resolve("cat"))) {
            photo = files.sorted().findFirst().orElseThrow();
        }
        var img = ImageIO.read(photo.toFile());
        long original = (long) img.getWidth() * img.getHeight() * 3;
        for (int size : new int[] {64, 227}) {
            int pixels = size * size * 3;
            try (DecodedImages d = new DecodedImages(size, Long.MAX_VALUE); ImageDecoder plain = new ImageDecoder(size)) {
                d.check(photo);
                float[] want = plain.decode(photo);
                for (int use = 0; use < 2; use++) {
                    float[] got = new float[pixels + 7];
                    d.copyTo(photo, got, 7);
                    assertArrayEquals(want, Arrays.copyOfRange(got, 7, got.length), 0f, "size " + size);
                }
                assertEquals(1, d.decodes(), "decoded once");
                assertEquals(Math.min(original, 4L * pixels), d.bytesKept(), "the smaller form, size " + size);
            }
        }
    }
}
