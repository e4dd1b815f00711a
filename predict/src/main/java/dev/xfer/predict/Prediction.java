package dev.xfer.predict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One image's answer: every class with its probability, likeliest first; and, when the classifier checks for
 * photos unlike anything it was trained on, whether this one is such a photo and which class it is nearest to.
 *
 * @param ranked  classes and probabilities, likeliest first
 * @param unknown true when the image is farther from every class than that class's threshold
 * @param nearest the class whose training features are nearest (null when not checked)
 * @param distance the image's distance to the nearest class relative to that class's threshold (above 1:
 *                 unknown; NaN when not checked)
 */
public record Prediction(List<Score> ranked, boolean unknown, String nearest, double distance) {

    /** A class and its probability. */
    public record Score(String label, double probability) {
    }

    public Prediction {
        ranked = List.copyOf(ranked);
        if (ranked.isEmpty()) {
            throw new IllegalArgumentException("a prediction ranks at least one class");
        }
        if (unknown) {
            Objects.requireNonNull(nearest, "an unknown answer names the nearest class");
        }
    }

    /** {@code p[c]} is the probability of {@code classes.get(c)}. */
    public static Prediction of(double[] p, List<String> classes) {
        List<Score> s = new ArrayList<>(p.length);
        for (int c = 0; c < p.length; c++) {
            s.add(new Score(classes.get(c), p[c]));
        }
        s.sort(Comparator.comparingDouble(Score::probability).reversed());
        return new Prediction(s, false, null, Double.NaN);
    }

    /** The same probabilities with the open-set check's answer: unknown when {@code ratio} is above 1. */
    public Prediction withOpenSet(String nearestClass, double ratio) {
        return new Prediction(ranked, ratio > 1, nearestClass, ratio);
    }

    /** The likeliest class. */
    public Score top() {
        return ranked.getFirst();
    }

    /** What a person reads: the likeliest class, or {@code unknown (nearest: dog)}. */
    public String answer() {
        return unknown ? "unknown (nearest: " + nearest + ")" : top().label();
    }

    /** The probability of {@code label}, 0 when the classifier does not know it. */
    public double probability(String label) {
        return ranked.stream().filter(s -> s.label().equals(label)).mapToDouble(Score::probability).findFirst()
                .orElse(0);
    }
}
