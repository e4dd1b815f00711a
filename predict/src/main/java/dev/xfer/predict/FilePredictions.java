package dev.xfer.predict;

import dev.xfer.common.BadInputException;
import dev.xfer.extract.image.ImageDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Classifies image files in batches, in their order; files that cannot be decoded are reported and skipped. */
public final class FilePredictions {
    private FilePredictions() {
    }

    /**
     * Runs {@code classifier} on {@code files}, {@code batchSize} images per conv-base run; {@code onResult} gets
     * each file's prediction in order, {@code onSkip} the message of each file that is not a readable image.
     */
    public static void classify(Classifier classifier, List<Path> files, int batchSize,
                                BiConsumer<Path, Prediction> onResult, Consumer<String> onSkip) {
        if (batchSize < 1) {
            throw new BadInputException("batch size " + batchSize + ": use 1 or more");
        }
        int side = classifier.imageSize();
        int pixels = side * side * 3;
        float[] batch = new float[batchSize * pixels];
        float[] one = new float[pixels];
        List<Path> pending = new ArrayList<>(batchSize);
        try (ImageDecoder decoder = new ImageDecoder(side)) {
            for (Path f : files) {
                try {
                    decoder.decode(f, one);
                } catch (BadInputException e) {
                    onSkip.accept(e.getMessage());
                    continue;
                }
                System.arraycopy(one, 0, batch, pending.size() * pixels, pixels);
                pending.add(f);
                if (pending.size() == batchSize) {
                    flush(classifier, batch, pending, onResult);
                }
            }
            flush(classifier, batch, pending, onResult);
        }
    }

    private static void flush(Classifier c, float[] batch, List<Path> pending, BiConsumer<Path, Prediction> onResult) {
        if (pending.isEmpty()) {
            return;
        }
        List<Prediction> p = c.classify(batch, pending.size());
        for (int i = 0; i < pending.size(); i++) {
            onResult.accept(pending.get(i), p.get(i));
        }
        pending.clear();
    }
}
