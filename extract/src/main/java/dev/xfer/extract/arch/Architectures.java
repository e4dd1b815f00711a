package dev.xfer.extract.arch;

import dev.xfer.common.BadInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The built-in conv bases, by the names users type. */
public final class Architectures {
    private static final Map<String, Supplier<Architecture>> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("vgg16", Vgg16::create);
        BUILT_IN.put("vgg19", () -> Vgg16.create("vgg19", 4));
        BUILT_IN.put("inception_v3", InceptionV3::create);
        BUILT_IN.put("inception_resnet_v2", InceptionResNetV2::create);
        BUILT_IN.put("squeezenet", SqueezeNet::create);
        BUILT_IN.put("resnet50", () -> ResNet.create("resnet50", false, 3, 4, 6, 3));
        BUILT_IN.put("resnet101", () -> ResNet.create("resnet101", false, 3, 4, 23, 3));
        BUILT_IN.put("resnet152", () -> ResNet.create("resnet152", false, 3, 8, 36, 3));
        BUILT_IN.put("resnet50_v2", () -> ResNet.create("resnet50v2", true, 3, 4, 6, 3));
        BUILT_IN.put("resnet101_v2", () -> ResNet.create("resnet101v2", true, 3, 4, 23, 3));
        BUILT_IN.put("resnet152_v2", () -> ResNet.create("resnet152v2", true, 3, 8, 36, 3));
        BUILT_IN.put("densenet121", () -> DenseNet.create("densenet121", 6, 12, 24, 16));
        BUILT_IN.put("densenet169", () -> DenseNet.create("densenet169", 6, 12, 32, 32));
        BUILT_IN.put("densenet201", () -> DenseNet.create("densenet201", 6, 12, 48, 32));
        BUILT_IN.put("xception", Xception::create);
        BUILT_IN.put("mobilenet_v2", MobileNetV2::create);
        BUILT_IN.put("mobilenet_v3_small", () -> MobileNetV3.create(false));
        BUILT_IN.put("mobilenet_v3_large", () -> MobileNetV3.create(true));
        for (int i = 0; i <= 7; i++) {
            int member = i;
            BUILT_IN.put("efficientnet_b" + i, () -> EfficientNet.create(member));
        }
        int[] deep = {3, 3, 27, 3};
        BUILT_IN.put("convnext_tiny", () -> ConvNeXt.create("convnext_tiny", new int[] {3, 3, 9, 3},
                new int[] {96, 192, 384, 768}));
        BUILT_IN.put("convnext_small", () -> ConvNeXt.create("convnext_small", deep, new int[] {96, 192, 384, 768}));
        BUILT_IN.put("convnext_base", () -> ConvNeXt.create("convnext_base", deep, new int[] {128, 256, 512, 1024}));
        BUILT_IN.put("convnext_large", () -> ConvNeXt.create("convnext_large", deep, new int[] {192, 384, 768, 1536}));
        BUILT_IN.put("convnext_xlarge", () -> ConvNeXt.create("convnext_xlarge", deep,
                new int[] {256, 512, 1024, 2048}));
        for (String m : new String[] {"b0", "b1", "b2", "b3", "s", "m", "l"}) {
            BUILT_IN.put("efficientnet_v2_" + m, () -> EfficientNetV2.create(m));
        }
    }

    private Architectures() {
    }

    public static boolean isBuiltIn(String name) {
        return BUILT_IN.containsKey(normalise(name));
    }

    public static Iterable<String> names() {
        return BUILT_IN.keySet();
    }

    public static Architecture get(String name) {
        Supplier<Architecture> s = BUILT_IN.get(normalise(name));
        if (s == null) {
            throw new BadInputException("unknown architecture '" + name + "': use one of "
                    + String.join(", ", BUILT_IN.keySet()) + ", a name under saved_models/ or a SavedModel folder");
        }
        return s.get().named(normalise(name));
    }

    private static String normalise(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        return n.equals("inceptionv3") ? "inception_v3" : n;
    }
}
