package dev.xfer.extract.arch;

import dev.xfer.common.BadInputException;

/**
 * Keras' activation functions, by the names its configs use. {@code hard_sigmoid} changed between versions: Keras 3
 * computes relu6(x + 3) / 6, Keras 2 clip(0.2x + 0.5, 0, 1); a Keras 2 file's is {@link #HARD_SIGMOID_KERAS2}.
 * {@code gelu} is exact (erf) unless {@code approximate} asks for the tanh form.
 */
public enum Activation {
    LINEAR, RELU, RELU6, SIGMOID, SILU, HARD_SIGMOID, HARD_SIGMOID_KERAS2, HARD_SILU, GELU, GELU_TANH, SOFTMAX, TANH,
    ELU;

    /** The activation a config names ({@code swish} is {@code silu}, {@code hard_swish} is {@code hard_silu}). */
    public static Activation parse(String keras, boolean keras2) {
        return switch (keras) {
            case "linear" -> LINEAR;
            case "relu" -> RELU;
            case "relu6" -> RELU6;
            case "sigmoid" -> SIGMOID;
            case "silu", "swish" -> SILU;
            case "hard_sigmoid" -> keras2 ? HARD_SIGMOID_KERAS2 : HARD_SIGMOID;
            case "hard_silu", "hard_swish" -> HARD_SILU;
            case "gelu" -> GELU;
            case "softmax" -> SOFTMAX;
            case "tanh" -> TANH;
            case "elu" -> ELU;
            default -> throw new BadInputException("activation '" + keras + "' is not one xfer builds (relu, relu6, "
                    + "sigmoid, silu/swish, hard_sigmoid, hard_silu/hard_swish, gelu, softmax, tanh, elu, linear)");
        };
    }
}
