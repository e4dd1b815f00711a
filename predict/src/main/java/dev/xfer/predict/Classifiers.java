package dev.xfer.predict;

import dev.xfer.common.Backbone;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Workspace;
import dev.xfer.finetune.FineTunedModel;
import dev.xfer.head.HeadBundle;

/** Opens a {@link ModelRef} as a {@link Classifier}. */
public final class Classifiers {
    private Classifiers() {
    }

    /**
     * A head bundle on its conv base (rebuilt from the bundle's provenance and checked against it), or a fine-tuned
     * model. With {@code options.unknown()}, the head bundle must carry unknown-class thresholds.
     */
    public static Classifier open(ModelRef ref, PredictOptions options) {
        if (ref.kind() == ModelRef.Kind.MODEL) {
            if (options.unknown()) {
                throw new BadInputException("--unknown works with head bundles (--head), not fine-tuned models: "
                        + ref.dir() + " has no features to measure distances on");
            }
            return new ModelClassifier(FineTunedModel.open(ref.dir(), options.device()));
        }
        HeadBundle.Loaded bundle = HeadBundle.load(ref.dir());
        UnknownCheck unknown = options.unknown() ? UnknownThresholdCheck.of(bundle) : null;
        Backbone b = ConvBases.reopen(bundle.info().provenance(), options.weights(), options.device(),
                Workspace.current(), ref.dir());
        try {
            bundle.requireFeatures(b.provenance(), "backbone " + b.provenance().backbone());
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
        return new HeadClassifier(bundle, b, unknown);
    }
}
