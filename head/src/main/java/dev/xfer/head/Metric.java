package dev.xfer.head;

import dev.xfer.common.BadInputException;
import dev.xfer.common.training.Metrics;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/**
 * What {@code xfer head compare} ranks by and picks its winner on. Log-loss is lower-is-better (it also judges
 * the probabilities, which accuracy ignores); the others are higher-is-better.
 */
public enum Metric {
    ACCURACY(true), BALANCED_ACCURACY(true), MACRO_F1(true), LOG_LOSS(false);

    private final boolean higherIsBetter;

    Metric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    /** The name on the command line and in JSON: {@code log_loss}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** This metric of {@code m}. */
    public double of(Metrics m) {
        return switch (this) {
            case ACCURACY -> m.accuracy();
            case BALANCED_ACCURACY -> m.balancedAccuracy();
            case MACRO_F1 -> m.macroF1();
            case LOG_LOSS -> m.logLoss();
        };
    }

    /** This metric's mean and standard deviation on a leaderboard line. */
    public CrossValidation.Stat of(CrossValidation.Entry e) {
        return switch (this) {
            case ACCURACY -> e.accuracy();
            case BALANCED_ACCURACY -> e.balancedAccuracy();
            case MACRO_F1 -> e.macroF1();
            case LOG_LOSS -> e.logLoss();
        };
    }

    /** Best first: the order a stable sort keeps ties in is the order the heads were listed. */
    public Comparator<Double> best() {
        return higherIsBetter ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder();
    }

    /** Whether {@code a} beats {@code b} strictly. */
    public boolean beats(double a, double b) {
        return higherIsBetter ? a > b : a < b;
    }

    /** The metric named {@code id}, or a one-line error listing the names. */
    public static Metric of(String id) {
        for (Metric m : values()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new BadInputException("--metric " + id + ": use one of "
                + String.join(", ", Arrays.stream(values()).map(Metric::id).toList()));
    }

    @Override
    public String toString() {
        return id();
    }
}
