package dev.xfer.extract.arch;

/** Keras' {@code _make_divisible} (MobileNet, EfficientNet): channel counts rounded to a multiple of a divisor. */
final class Divisible {
    private Divisible() {
    }

    static int make(double v, int divisor) {
        int rounded = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        return rounded < 0.9 * v ? rounded + divisor : rounded;
    }
}
