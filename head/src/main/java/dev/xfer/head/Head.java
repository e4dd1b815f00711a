package dev.xfer.head;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A trained classifier on cached features. Implementations live in the head module (Smile heads, the
 * TensorFlow dense head); a head is saved as data files in a bundle folder beside {@code head.json}.
 */
public interface Head {
    /** The head type as the command line names it: logreg, svm, rf, gbt, knn, lda, dense. */
    String type();

    /** Class probabilities for {@code rows} feature vectors laid out row-major in {@code x}. */
    double[][] predictProba(float[] x, int rows, int dim);

    /** Writes the model's files into {@code dir} (which exists); returns their names. */
    java.util.List<String> save(Path dir) throws IOException;
}
