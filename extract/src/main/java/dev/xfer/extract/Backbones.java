package dev.xfer.extract;

import dev.xfer.common.Backbone;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Workspace;
import dev.xfer.extract.arch.Architectures;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.TfBackbone;
import dev.xfer.extract.savedmodel.SavedModelBackbone;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the backbone a user names: a built-in architecture, a {@code saved_models/} name, or a folder. */
public final class Backbones {
    private Backbones() {
    }

    public enum Kind { BUILT_IN, SAVED_MODEL }

    /** What {@code name} refers to, without loading anything. */
    public static Kind kindOf(String name, Workspace ws) {
        if (Architectures.isBuiltIn(name)) {
            return Kind.BUILT_IN;
        }
        locateSavedModel(name, ws);
        return Kind.SAVED_MODEL;
    }

    /** The SavedModel folder for {@code name}: {@code saved_models/name}, or {@code name} as a path. */
    public static Path locateSavedModel(String name, Workspace ws) {
        Path named = ws.savedModels().resolve(name);
        if (!name.contains("/") && Files.isDirectory(named)) {
            return named;
        }
        Path path = Path.of(name);
        if (Files.isDirectory(path)) {
            return path;
        }
        throw new BadInputException("unknown backbone '" + name + "': not a built-in architecture ("
                + String.join(", ", Architectures.names()) + "), not in " + ws.savedModels()
                + " and not a folder; run 'xfer backbone list'");
    }

    /**
     * Opens {@code spec.arch()} as a backbone. For a SavedModel, the layer, pooling and weights of the spec
     * must be unset: they were fixed when it was exported.
     */
    public static Backbone open(BackboneSpec spec, Workspace ws) {
        if (kindOf(spec.arch(), ws) == Kind.BUILT_IN) {
            return TfBackbone.build(spec);
        }
        if (spec.precision() != dev.xfer.common.Precision.FP32) {
            throw new BadInputException("--precision " + spec.precision().id() + ": only the built-in conv bases "
                    + "run in another precision than fp32; " + spec.arch() + " is a SavedModel");
        }
        int fallback = spec.imageSize() == null ? 224 : spec.imageSize();
        return SavedModelBackbone.open(locateSavedModel(spec.arch(), ws), fallback, spec.device());
    }

    /** The native TensorFlow version the conv bases run on (loads the native library). */
    public static String tensorflowVersion() {
        return org.tensorflow.TensorFlow.version();
    }

    /** The TensorFlow Java release, from its jar's Maven metadata ("unknown" when it has none). */
    public static String tensorflowJavaVersion() {
        try (var in = org.tensorflow.TensorFlow.class.getResourceAsStream(
                "/META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
