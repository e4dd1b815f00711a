package dev.xfer.predict;

import dev.xfer.common.BadInputException;
import dev.xfer.head.HeadBundle;

/** The unknown-class thresholds a head bundle carries, as an {@link UnknownCheck}. */
final class UnknownThresholdCheck {
    private UnknownThresholdCheck() {
    }

    static UnknownCheck of(HeadBundle.Loaded bundle) {
        throw new BadInputException(bundle.dir() + " has no unknown-class thresholds (it was trained before xfer "
                + "fitted them): retrain it with 'xfer head train' to use --unknown");
    }
}
