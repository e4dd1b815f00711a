package dev.xfer.extract.pipeline;

import dev.xfer.common.Backbone;
import dev.xfer.common.Provenance;
import dev.xfer.common.Workspace;
import dev.xfer.extract.BackboneIdentity;
import dev.xfer.extract.Backbones;
import dev.xfer.extract.graph.BackboneSpec;
import java.util.function.Supplier;

/**
 * A conv base whose provenance is known before it is built ({@link dev.xfer.extract.BackboneIdentity}): extraction
 * names the feature store with it and builds the conv base (loading TensorFlow and the weights) only if an image
 * actually needs it. When it is built, its real provenance must match the predicted one.
 */
public final class LazyBackbone implements AutoCloseable {
    private final Provenance predicted;
    private final Supplier<Backbone> opener;
    private final boolean owned;
    private Backbone opened;

    private LazyBackbone(Provenance predicted, Supplier<Backbone> opener, Backbone opened, boolean owned) {
        this.predicted = predicted;
        this.opener = opener;
        this.opened = opened;
        this.owned = owned;
    }

    /**
     * The backbone {@code spec} names: built when first needed when its provenance can be predicted without
     * TensorFlow, else built now.
     */
    public static LazyBackbone of(BackboneSpec spec, Workspace ws) {
        return BackboneIdentity.predict(spec, ws).map(p -> of(p, () -> Backbones.open(spec, ws)))
                .orElseGet(() -> owning(Backbones.open(spec, ws)));
    }

    /** Built when first needed, closed by {@link #close}. */
    public static LazyBackbone of(Provenance predicted, Supplier<Backbone> opener) {
        return new LazyBackbone(predicted, opener, null, true);
    }

    /** One built now, closed by {@link #close}. */
    public static LazyBackbone owning(Backbone b) {
        return new LazyBackbone(b.provenance(), () -> b, b, true);
    }

    /** One already built; its owner closes it. */
    public static LazyBackbone built(Backbone b) {
        return new LazyBackbone(b.provenance(), () -> b, b, false);
    }

    public Provenance provenance() {
        return predicted;
    }

    public Backbone get() {
        if (opened == null) {
            Backbone b = opener.get();
            try {
                b.provenance().requireSameFeatures(predicted, "the conv base as built", "its predicted provenance");
            } catch (RuntimeException e) {
                b.close();
                throw e;
            }
            opened = b;
        }
        return opened;
    }

    @Override
    public void close() {
        if (owned && opened != null) {
            opened.close();
        }
    }
}
