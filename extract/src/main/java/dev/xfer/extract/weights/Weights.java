package dev.xfer.extract.weights;

import dev.xfer.extract.arch.Architecture;
import java.nio.file.Path;

/** Turns the user's {@code --weights} value ({@code imagenet}, {@code random} or a file) into a WeightSet. */
public final class Weights {
    private Weights() {
    }

    public static WeightSet resolve(String spec, Architecture arch, long seed) {
        if (spec == null || spec.equalsIgnoreCase("random")) {
            return RandomWeights.create(arch, seed);
        }
        if (spec.equalsIgnoreCase("imagenet")) {
            Path file = ImagenetWeights.locate(arch.name(), ImagenetWeights.defaultKerasDir());
            WeightSet w = KerasWeightsFile.read(file, arch);
            return new WeightSet(w.arch(), "imagenet", w.sha256(), w.byLayer());
        }
        return KerasWeightsFile.read(Path.of(spec), arch);
    }
}
