package dev.xfer.head.spec;

import dev.xfer.common.training.ClassWeights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A head type and its hyperparameters, with defaults a scikit-learn or Keras user would expect. Each type has
 * its own record, so a forest cannot be given a learning rate by mistake; {@link #params()} is what
 * {@code head.json} stores so a result can be reproduced. {@link #parse} is the one reader of spec strings
 * ({@code logreg:C=0.1}): fine-tuning's {@code --head-spec}, {@code head train}'s type and flags and the entries
 * of {@code head compare --heads} all go through it; each record's {@code read} says which keys its type takes.
 */
public sealed interface HeadSpec permits LogregSpec, LinearSvmSpec, RbfSvmSpec, ForestSpec, BoostSpec, KnnSpec,
        LdaSpec, DenseSpec {

    HeadType type();

    /** Seeds whatever the fit draws at random (forests' bootstraps, the dense head's init and dropout). */
    long seed();

    HeadSpec withSeed(long seed);

    /** The hyperparameters proper to this type, without seed and standardisation. */
    Map<String, Object> hyperparameters();

    default boolean takesClassWeights() {
        return type().takesClassWeights();
    }

    default boolean standardises() {
        return type().standardises();
    }

    /** Seed, hyperparameters and whether inputs are standardised: head.json's {@code params}. */
    default Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed());
        m.putAll(hyperparameters());
        m.put("standardise", standardises());
        return m;
    }

    /** The defaults for {@code type} with {@code seed}. */
    static HeadSpec defaults(HeadType type, long seed) {
        return SpecText.read(type, seed, SpecValues.none());
    }

    /**
     * Reads one spec string, seed 42: {@code TYPE[:ITEM,...]} (or {@code TYPE,ITEM,...}), each ITEM a
     * {@code KEY=VALUE} whose key the type takes ({@link #keys}), and for {@code dense} also bare hidden widths:
     * {@code logreg}, {@code logreg:C=0.1}, {@code dense:256,128,dropout=0.3}, {@code dense,dropout=0}. Keys match
     * ignoring case and '-' against '_'. What the text leaves out takes the type's default. A key the type does
     * not take, a malformed value or an unknown type is a {@link dev.xfer.common.BadInputException} naming it.
     */
    static HeadSpec parse(String text) {
        return parse(text, 42, Map.of());
    }

    /**
     * As {@link #parse(String)} with {@code seed}, and {@code fallback} values (keyed by flag or key name,
     * {@code --lr} or {@code lr}, values as typed) for the keys the type takes and the text leaves out; fallback
     * keys the type does not take are ignored (a command's flags meant for other types).
     */
    static HeadSpec parse(String text, long seed, Map<String, String> fallback) {
        return SpecText.parse(text, seed, fallback);
    }

    /**
     * The head of {@code type} with {@code values} (keyed by flag or key name, {@code --hidden} or
     * {@code hidden}, values as typed; the rest default): every value must apply to the type, or a
     * {@link dev.xfer.common.BadInputException} names those that do not, spelled as given.
     */
    static HeadSpec of(HeadType type, long seed, Map<String, String> values) {
        return SpecText.of(type, seed, values);
    }

    /** The keys a head of {@code type} takes, as spec strings spell them ({@code C}, {@code batch_size}). */
    static List<String> keys(HeadType type) {
        SpecValues v = SpecValues.none();
        SpecText.read(type, 42, v);
        return v.asked();
    }

    /**
     * This spec as a string {@link #parse} reads back to it (seed aside): the type and the values that differ
     * from its defaults, e.g. {@code logreg:C=0.1} or {@code dense:256,dropout=0.2}.
     */
    default String text() {
        Map<String, Object> dflt = defaults(type(), seed()).hyperparameters();
        List<String> widths = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (Map.Entry<String, Object> e : hyperparameters().entrySet()) {
            if (Objects.equals(e.getValue(), dflt.get(e.getKey()))) {
                continue;
            }
            if (e.getValue() instanceof List<?> l) {
                l.forEach(w -> widths.add(String.valueOf(w)));
            } else {
                items.add(e.getKey() + "=" + e.getValue());
            }
        }
        widths.addAll(items);
        return widths.isEmpty() ? type().id() : type().id() + ":" + String.join(",", widths);
    }

    /** {@link #digest(ClassWeights)} without class weights. */
    default String digest() {
        return digest(ClassWeights.NONE);
    }

    /**
     * Six hex digits of the sha256 of the canonical JSON (sorted keys) of the type, {@link #params()} and the
     * class weights when there are any: equal for equal specs, so default bundle names can tell apart heads
     * trained with other hyperparameters.
     */
    default String digest(ClassWeights weights) {
        Map<String, Object> m = new TreeMap<>(params());
        m.put("type", type().id());
        if (!weights.isNone()) {
            m.put("class_weight", weights.spec());
        }
        try {
            byte[] json = new com.fasterxml.jackson.databind.ObjectMapper()
                    .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                    .writeValueAsBytes(m);
            return dev.xfer.common.Digests.sha256(json).substring(0, 6);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a spec's params are numbers, strings and lists", e);
        }
    }

    static void positive(String option, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new dev.xfer.common.BadInputException(option + " " + v + ": must be a positive number");
        }
    }

    static void atLeastOne(String option, int v) {
        if (v < 1) {
            throw new dev.xfer.common.BadInputException(option + " " + v + ": must be at least 1");
        }
    }
}
