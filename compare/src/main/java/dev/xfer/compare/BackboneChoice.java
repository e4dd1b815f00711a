package dev.xfer.compare;

import dev.xfer.common.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One entry of {@code --backbones}: a built-in architecture or an imported backbone (a {@code saved_models/} name
 * or a SavedModel folder), and for a built-in the weights it runs with: {@code NAME@WEIGHTS} overrides the
 * command's {@code --weights} ({@code squeezenet@FILE}, {@code efficientnet_b0@random}).
 *
 * @param name     as {@code xfer extract --backbone} takes it
 * @param weights  imagenet, random or a Keras weights file
 * @param override whether the entry named its weights itself
 * @param label    how the leaderboard names it: the name, with its weights when the name is listed twice
 *                 ({@code resnet50@imagenet}, {@code resnet50@random})
 */
public record BackboneChoice(String name, String weights, boolean override, String label) {
    public BackboneChoice {
        label = label == null ? name : label;
        if (name == null || name.isBlank()) {
            throw new BadInputException("--backbones: an empty entry; list NAME[@WEIGHTS],... e.g. "
                    + "squeezenet,efficientnet_b0@random");
        }
        if (weights == null || weights.isBlank()) {
            throw new BadInputException("--backbones " + name + "@: no weights after '@'; give imagenet, random or "
                    + "a Keras .h5 file");
        }
    }

    public BackboneChoice(String name, String weights, boolean override) {
        this(name, weights, override, name);
    }

    /**
     * {@code squeezenet@FILE,resnet50,...}, each without {@code @} taking {@code defaultWeights}; the same label
     * twice is refused.
     */
    public static List<BackboneChoice> parseAll(List<String> entries, String defaultWeights) {
        List<BackboneChoice> parsed = new ArrayList<>();
        for (String list : entries) {
            for (String e : list.split(",", -1)) {
                String t = e.strip();
                int at = t.indexOf('@');
                parsed.add(at < 0 ? new BackboneChoice(t, defaultWeights, false)
                        : new BackboneChoice(t.substring(0, at), t.substring(at + 1), true));
            }
        }
        List<BackboneChoice> out = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (BackboneChoice c : parsed) {
            boolean twice = parsed.stream().filter(x -> x.name().equals(c.name())).count() > 1;
            BackboneChoice l = twice ? new BackboneChoice(c.name(), c.weights(), c.override(),
                    c.name() + "@" + c.shortWeights()) : c;
            if (!labels.add(l.label())) {
                throw new BadInputException("--backbones: " + l.label() + " is listed twice; list each once");
            }
            out.add(l);
        }
        if (out.isEmpty()) {
            throw new BadInputException("--backbones: none given; list NAME[@WEIGHTS],...");
        }
        return out;
    }

    /** imagenet, random, or the weights file's name. */
    public String shortWeights() {
        return weights.equals("imagenet") || weights.equals("random") ? weights
                : String.valueOf(Path.of(weights).getFileName());
    }
}
