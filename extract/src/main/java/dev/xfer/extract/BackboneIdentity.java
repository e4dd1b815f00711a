package dev.xfer.extract;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.common.storage.StatCache;
import dev.xfer.common.Provenance;
import dev.xfer.common.Workspace;
import dev.xfer.common.XferVersion;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.arch.Architectures;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.weights.ImagenetWeights;
import dev.xfer.extract.weights.RandomWeights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The provenance a backbone will have, worked out without TensorFlow and without reading its weights: the
 * architecture's layer shapes, the pooling, and the weights file's sha256 (or the seed's description). It names
 * the feature store before anything heavy is loaded, so an extraction whose images are all in the store never
 * starts TensorFlow. Empty when it cannot be known cheaply (ImageNet weights not downloaded yet); a SavedModel's
 * is its xfer.json.
 */
public final class BackboneIdentity {
    private BackboneIdentity() {
    }

    public static Optional<Provenance> predict(BackboneSpec spec, Workspace ws) {
        if (Backbones.kindOf(spec.arch(), ws) == Backbones.Kind.SAVED_MODEL) {
            return Optional.of(Provenance.readFrom(Backbones.locateSavedModel(spec.arch(), ws)));
        }
        Architecture arch = Architectures.get(spec.arch());
        int size = arch.checkSize(spec.imageSize());
        String cut = arch.resolveLayer(spec.layer()).name();
        String[] weights = weights(spec, arch, ws);
        if (weights == null) {
            return Optional.empty();
        }
        long[] hwc = arch.outputShapes(size).get(cut);
        long[] shape = switch (spec.pooling()) {
            case AVG, MAX -> new long[] {hwc[2]};
            case FLATTEN -> new long[] {hwc[0] * hwc[1] * hwc[2]};
            case NONE -> hwc.clone();
        };
        return Optional.of(new Provenance(arch.name(), arch.name(), weights[0], weights[1], cut, spec.pooling().id(),
                size, arch.preprocessing().description(), shape, XferVersion.get(), null, spec.precision()));
    }

    /** {source, sha256} as the weight readers record them, or null if only a download would tell. */
    private static String[] weights(BackboneSpec spec, Architecture arch, Workspace ws) {
        String w = spec.weights();
        if (w == null || w.equalsIgnoreCase("random")) {
            String id = arch.name() + ":" + RandomWeights.describe(spec.seed());
            return new String[] {RandomWeights.describe(spec.seed()), Digests.sha256(id.getBytes(StandardCharsets.UTF_8))};
        }
        Path file;
        String source;
        if (w.equalsIgnoreCase("imagenet")) {
            Optional<Path> local = ImagenetWeights.present(arch.name(), ImagenetWeights.defaultKerasDir());
            if (local.isEmpty()) {
                return null;
            }
            file = local.get();
            source = "imagenet";
        } else {
            file = Path.of(w);
            source = file.toAbsolutePath().normalize().toString();
        }
        if (!Files.isRegularFile(file)) {
            return null; // the full build says what is wrong with it
        }
        try {
            StatCache hashes = StatCache.of(ws.cache().resolve(StatCache.DIR), file.toAbsolutePath().getParent());
            String sha = hashes.sha256(file);
            hashes.save();
            return new String[] {source, sha};
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + "); check its permissions", e);
        }
    }
}
