package dev.xfer.common;

import java.nio.file.Path;

/**
 * Where xfer keeps what it makes: {@code saved_models/} for backbones, {@code cache/} for features,
 * {@code heads/} and {@code models/} for what is trained on them. The root
 * is {@code -Dxfer.home}, else {@code $XFER_HOME} (the launcher sets it to the checkout), else the working
 * directory.
 */
public record Workspace(Path root) {

    public static Workspace current() {
        String home = System.getProperty("xfer.home", System.getenv("XFER_HOME"));
        return new Workspace(Path.of(home != null && !home.isBlank() ? home : "").toAbsolutePath().normalize());
    }

    public Path savedModels() {
        return root.resolve("saved_models");
    }

    public Path cache() {
        return root.resolve("cache");
    }

    /** Trained head bundles ({@code xfer head train --out}). */
    public Path heads() {
        return root.resolve("heads");
    }

    /** Fine-tuned models ({@code xfer finetune --out}). */
    public Path models() {
        return root.resolve("models");
    }
}
