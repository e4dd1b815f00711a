package dev.xfer.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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

    /**
     * The answer as scripts read it ({@code xfer predict --json}, {@code xfer serve}): the {@code top} likeliest
     * classes (all when {@code top} is 0 or more than there are).
     */
    public Json json(int top) {
        if (top < 0) {
            throw new IllegalArgumentException("top " + top + ": use 0 (all classes) or more");
        }
        int k = top == 0 ? ranked.size() : Math.min(top, ranked.size());
        List<Json.Ranked> r = ranked.subList(0, k).stream()
                .map(s -> new Json.Ranked(s.label(), round(s.probability(), 1e6))).toList();
        boolean checked = nearest != null;
        return new Json(unknown ? null : top().label(), r, checked ? unknown : null, checked ? nearest : null,
                checked ? round(distance, 1e4) : null);
    }

    private static double round(double v, double scale) {
        return Double.isFinite(v) ? Math.round(v * scale) / scale : v;
    }

    /**
     * One image's answer as JSON: values only, never a sentence. {@code unknown}, {@code nearest} and
     * {@code distance_ratio} are there when the classifier checks for unknown photos, and {@code class} is null
     * when the answer is unknown.
     *
     * @param label          the likeliest class; null when the photo is unknown
     * @param predictions    classes and probabilities (rounded to 1e-6), likeliest first
     * @param unknown        whether the photo is far from every class (null: not checked)
     * @param nearest        the nearest class by features (null: not checked)
     * @param distanceRatio  distance to the nearest class over its threshold, rounded to 1e-4 (null: not checked)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"class", "predictions", "unknown", "nearest", "distance_ratio"})
    public record Json(@JsonProperty("class") @JsonInclude(JsonInclude.Include.ALWAYS) String label,
                       @JsonProperty("predictions") List<Ranked> predictions,
                       @JsonProperty("unknown") Boolean unknown, @JsonProperty("nearest") String nearest,
                       @JsonProperty("distance_ratio") Double distanceRatio) {
        /** A class and its probability, as JSON. */
        public record Ranked(@JsonProperty("class") String label, @JsonProperty("probability") double probability) {
        }
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
