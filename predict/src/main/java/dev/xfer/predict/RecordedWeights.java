package dev.xfer.predict;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Provenance;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.weights.WeightSet;
import dev.xfer.extract.weights.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The weights to rebuild a conv base with, read back from a provenance: {@code imagenet}, {@code random} with its
 * seed (recorded as {@code random(seed=N)}), or a weights file that must still be there.
 *
 * @param spec what {@code Weights.resolve} takes: imagenet, random or a file path
 * @param seed the seed of random weights (0 otherwise)
 */
public record RecordedWeights(String spec, long seed) {
    private static final String RANDOM_PREFIX = "random(seed=";

    public RecordedWeights {
        Objects.requireNonNull(spec, "spec");
    }

    /**
     * The weights of {@code p}, or {@code override} when given (a file moved since extraction); a file that is gone
     * is refused with what to pass instead. {@code artifact} names the bundle in messages.
     */
    public static RecordedWeights of(Provenance p, String override, Path artifact) {
        String w = override != null ? override : p.weights();
        if (w.startsWith(RANDOM_PREFIX) && w.endsWith(")")) {
            try {
                return new RecordedWeights("random", Long.parseLong(w.substring(RANDOM_PREFIX.length(),
                        w.length() - 1)));
            } catch (NumberFormatException e) {
                throw new BadInputException(artifact + ": weights '" + w + "' has no readable seed; retrain it", e);
            }
        }
        if (!w.equals("imagenet") && !w.equals("random") && !Files.exists(Path.of(w))) {
            throw new BadInputException(artifact + " was trained on features of " + p.arch() + " with weights " + w
                    + " (sha256 " + p.weightsSha256() + "), which is not there now: pass --weights FILE");
        }
        return new RecordedWeights(w, 0);
    }

    /**
     * The weights of {@code p} (or {@code override}) loaded for {@code arch} and checked by sha256 against the ones
     * the features were made with, so that a head is never put on a conv base it was not trained on.
     */
    public static WeightSet checked(Architecture arch, Provenance p, String override, Path artifact) {
        RecordedWeights rw = of(p, override, artifact);
        WeightSet w = Weights.resolve(rw.spec(), arch, rw.seed());
        if (!w.sha256().equals(p.weightsSha256())) {
            throw new BadInputException(artifact + " was trained on features of weights with sha256 "
                    + p.weightsSha256().substring(0, 12) + "…, " + w.source() + " has " + w.sha256().substring(0, 12)
                    + "…; pass the same --weights file");
        }
        return w;
    }
}
