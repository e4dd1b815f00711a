package dev.xfer.predict;

import dev.xfer.common.Backbone;
import dev.xfer.common.Pooling;
import dev.xfer.common.Provenance;
import dev.xfer.common.Workspace;
import dev.xfer.extract.Backbones;
import dev.xfer.extract.arch.Architectures;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.Device;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reopens the conv base whose features a head was trained on, from the provenance its bundle recorded. */
public final class ConvBases {
    private ConvBases() {
    }

    /**
     * The conv base of {@code p}: the {@code saved_models/} entry it names, or the built-in architecture rebuilt
     * with its recorded weights (or {@code weightsOverride}), cut, pooling, size and precision. {@code artifact} names the
     * bundle in messages. The caller checks the result's provenance against the bundle's.
     */
    public static Backbone reopen(Provenance p, String weightsOverride, Device device, Workspace ws, Path artifact) {
        boolean savedModel = p.arch().equals("savedmodel") || weightsOverride == null
                && Files.isDirectory(ws.savedModels().resolve(p.backbone())) && !Architectures.isBuiltIn(p.backbone());
        if (savedModel) {
            return Backbones.open(new BackboneSpec(p.backbone(), null, 0, null, null, p.imageSize(), device), ws);
        }
        RecordedWeights w = RecordedWeights.of(p, weightsOverride, artifact);
        return Backbones.open(new BackboneSpec(p.arch(), w.spec(), w.seed(), p.layer(), Pooling.parse(p.pooling()),
                p.imageSize(), device, p.precision()), ws);
    }
}
