package dev.xfer.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.SharedData;
import dev.xfer.common.UnreachableException;
import dev.xfer.extract.weights.ImagenetWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --weights imagenet}: Keras' cache folder first, the published hash always checked. */
class ImagenetWeightsTest {
    private static final Path SQUEEZENET = SharedData.resolve(SharedData.SQUEEZENET_WEIGHTS);

    @Test
    void findsTheStandardFileNameInTheKerasFolder(@TempDir Path keras) throws Exception {
        Path file = keras.resolve(SQUEEZENET.getFileName());
        Files.copy(SQUEEZENET, file);
        assertEquals(file, ImagenetWeights.locate("squeezenet", keras));
    }

    @Test
    void aCachedFileWithTheWrongHashIsRefused(@TempDir Path keras) throws Exception {
        Path file = keras.resolve(SQUEEZENET.getFileName());
        byte[] bytes = Files.readAllBytes(SQUEEZENET);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        BadInputException e = assertThrows(BadInputException.class, () -> ImagenetWeights.locate("squeezenet", keras));
        assertTrue(e.getMessage().contains("corrupt or not the official one"), e.getMessage());
    }

    @Test
    void withoutTheFileOrANetworkTheMessageSaysWhereToPutIt(@TempDir Path keras) {
        // 127.0.0.1:9 refuses at once, so the test does not depend on (or use) a network
        System.setProperty("https.proxyHost", "127.0.0.1");
        System.setProperty("https.proxyPort", "9");
        try {
            // a server out of reach is a failure (exit 1), not bad input (2)
            UnreachableException e = assertThrows(UnreachableException.class,
                    () -> ImagenetWeights.locate("vgg16", keras));
            assertTrue(e.getMessage().contains("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"), e.getMessage());
            assertTrue(e.getMessage().contains(keras.toString()), e.getMessage());
            assertTrue(Files.notExists(keras.resolve("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5")));
        } finally {
            System.clearProperty("https.proxyHost");
            System.clearProperty("https.proxyPort");
        }
    }
}
