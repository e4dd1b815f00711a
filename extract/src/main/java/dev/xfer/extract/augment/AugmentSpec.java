package dev.xfer.extract.augment;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.xfer.common.BadInputException;
import java.util.List;
import java.util.Locale;

/**
 * Random image transformations with the meanings of Keras' {@code ImageDataGenerator}: a rotation angle drawn
 * from [-rotation, rotation] degrees; shifts drawn from [-shift, shift] as a fraction of the width or height
 * (pixels when 1 or more); a shear angle from [-shear, shear] degrees; zoom factors drawn separately for x and y
 * from [1 - zoom, 1 + zoom] (above 1 shows more of the scene, as in Keras); flips with probability one half;
 * pixels from outside the image filled by {@code fill} (nearest, reflect, wrap or constant {@code cval}).
 * Written on the command line as {@code rotation=20,width_shift=0.1,shear=10,zoom=0.1,flip=horizontal,fill=nearest}.
 */
public record AugmentSpec(@JsonProperty("rotation") double rotation, @JsonProperty("width_shift") double widthShift,
                          @JsonProperty("height_shift") double heightShift, @JsonProperty("shear") double shear,
                          @JsonProperty("zoom") double zoom, @JsonProperty("horizontal_flip") boolean horizontalFlip,
                          @JsonProperty("vertical_flip") boolean verticalFlip, @JsonProperty("fill") String fill,
                          @JsonProperty("cval") double cval) {

    public static final List<String> FILLS = List.of("nearest", "reflect", "wrap", "constant");
    /** What {@code --augment} alone means: moderate settings that keep a pet recognisable. */
    public static final String DEFAULT = "rotation=20,width_shift=0.1,height_shift=0.1,shear=10,zoom=0.1,"
            + "flip=horizontal,fill=nearest";

    public AugmentSpec {
        if (!FILLS.contains(fill)) {
            throw new BadInputException("augment fill=" + fill + ": use one of " + String.join(", ", FILLS));
        }
        if (rotation < 0 || widthShift < 0 || heightShift < 0 || shear < 0 || zoom < 0 || zoom >= 1) {
            throw new BadInputException("augment ranges must be >= 0 (zoom below 1): rotation=" + rotation
                    + " width_shift=" + widthShift + " height_shift=" + heightShift + " shear=" + shear + " zoom="
                    + zoom);
        }
    }

    public static AugmentSpec none() {
        return new AugmentSpec(0, 0, 0, 0, 0, false, false, "nearest", 0);
    }

    public boolean isNone() {
        return rotation == 0 && widthShift == 0 && heightShift == 0 && shear == 0 && zoom == 0 && !horizontalFlip
                && !verticalFlip;
    }

    /** Parses {@code key=value,...}; {@code default} (or an empty string) is {@link #DEFAULT}, {@code none} nothing. */
    public static AugmentSpec parse(String text) {
        String t = text == null || text.isBlank() || text.equals("default") ? DEFAULT : text.trim();
        if (t.equals("none")) {
            return none();
        }
        double rotation = 0, ws = 0, hs = 0, shear = 0, zoom = 0, cval = 0;
        boolean hf = false, vf = false;
        String fill = "nearest";
        for (String part : t.split(",")) {
            String[] kv = part.trim().split("=", 2);
            String key = kv[0].trim().toLowerCase(Locale.ROOT).replace('-', '_');
            String v = kv.length > 1 ? kv[1].trim() : "";
            try {
                switch (key) {
                    case "rotation" -> rotation = Double.parseDouble(v);
                    case "shift" -> ws = hs = Double.parseDouble(v);
                    case "width_shift" -> ws = Double.parseDouble(v);
                    case "height_shift" -> hs = Double.parseDouble(v);
                    case "shear" -> shear = Double.parseDouble(v);
                    case "zoom" -> zoom = Double.parseDouble(v);
                    case "cval" -> cval = Double.parseDouble(v);
                    case "fill" -> fill = v.toLowerCase(Locale.ROOT);
                    case "flip" -> {
                        hf = v.isEmpty() || v.equals("horizontal") || v.equals("both");
                        vf = v.equals("vertical") || v.equals("both");
                        if (!hf && !vf) {
                            throw new BadInputException("augment flip=" + v + ": use horizontal, vertical or both");
                        }
                    }
                    default -> throw new BadInputException("unknown augmentation '" + key + "' in '" + text
                            + "': use rotation, width_shift, height_shift, shift, shear, zoom, flip, fill, cval");
                }
            } catch (NumberFormatException e) {
                throw new BadInputException("augment " + key + "=" + v + ": not a number", e);
            }
        }
        return new AugmentSpec(rotation, ws, hs, shear, zoom, hf, vf, fill, cval);
    }

    /** Back to the command-line form, for messages and reports. */
    public String describe() {
        if (isNone()) {
            return "none";
        }
        String flip = horizontalFlip && verticalFlip ? "both" : horizontalFlip ? "horizontal"
                : verticalFlip ? "vertical" : null;
        return String.format(Locale.ROOT, "rotation=%s,width_shift=%s,height_shift=%s,shear=%s,zoom=%s%s,fill=%s%s",
                num(rotation), num(widthShift), num(heightShift), num(shear), num(zoom),
                flip == null ? "" : ",flip=" + flip, fill, fill.equals("constant") ? ",cval=" + num(cval) : "");
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
