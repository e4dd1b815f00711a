package dev.xfer.predict;

import dev.xfer.common.BadInputException;
import dev.xfer.head.HeadBundle;
import dev.xfer.head.openset.UnknownThresholds;

/** The unknown-class thresholds a head bundle carries, as an {@link UnknownCheck}. */
final class UnknownThresholdCheck implements UnknownCheck {
    private final UnknownThresholds thresholds;

    private UnknownThresholdCheck(UnknownThresholds thresholds) {
        this.thresholds = thresholds;
    }

    static UnknownCheck of(HeadBundle.Loaded bundle) {
        UnknownThresholds t = UnknownThresholds.load(bundle.dir());
        if (t == null) {
            throw new BadInputException(bundle.dir() + " has no unknown-class thresholds (it was trained before xfer "
                    + "fitted them, or a class had too few images): retrain it with 'xfer head train' to use --unknown");
        }
        if (!t.classes().equals(bundle.info().classes())) {
            throw new BadInputException(bundle.dir() + ": the unknown-class thresholds are for classes " + t.classes()
                    + ", the head knows " + bundle.info().classes() + "; retrain it with 'xfer head train'");
        }
        return new UnknownThresholdCheck(t);
    }

    @Override
    public Prediction check(Prediction p, float[] f, int offset, int dim) {
        UnknownThresholds.Verdict v = thresholds.check(f, offset);
        return p.withOpenSet(thresholds.classes().get(v.nearest()), v.ratio());
    }
}
