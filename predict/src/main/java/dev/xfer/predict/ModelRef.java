package dev.xfer.predict;

import dev.xfer.common.bundle.BundleFormat;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What to predict with: a head bundle ({@code heads/NAME}, run on the conv base its features came from) or a
 * fine-tuned model ({@code models/NAME}, a SavedModel from images to probabilities).
 */
public record ModelRef(Kind kind, Path dir) {
    public enum Kind { HEAD, MODEL }

    public ModelRef {
        Objects.requireNonNull(kind, "kind");
        // a file inside the bundle (heads/NAME/head.json) stands for the bundle
        dir = BundleFormat.folderOf(Objects.requireNonNull(dir, "dir"));
    }

    public static ModelRef head(Path dir) {
        return new ModelRef(Kind.HEAD, dir);
    }

    public static ModelRef model(Path dir) {
        return new ModelRef(Kind.MODEL, dir);
    }

    @Override
    public String toString() {
        return (kind == Kind.HEAD ? "head " : "model ") + dir;
    }
}
