package dev.xfer.common.training;

import dev.xfer.common.BadInputException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the top-level folders of a dataset read: either every one is a split folder ({@code train/ val/ test/}, the
 * validation split also spelt {@code validation/}, {@code valid/} or {@code eval/}), each split at most once, or none
 * is and they are the class folders. Anything between is refused: a {@code validation/} beside {@code train/} read
 * as two classes once trained a "train vs validation" classifier without a word. Local extraction, fine-tuning and
 * the Spark driver all read a dataset's top through here.
 *
 * @param splits the split folders by name, in the order given; empty when the top-level folders are classes
 */
public record SplitFolders(Map<String, Split> splits) {

    public SplitFolders {
        splits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(splits));
    }

    /** Whether the dataset is laid out in split folders. */
    public boolean split() {
        return !splits.isEmpty();
    }

    /**
     * Reads the names of a dataset's top-level folders (hidden ones already left out); {@code where} names the
     * dataset in the message when the layout is refused.
     */
    public static SplitFolders of(String where, List<String> folders) {
        List<String> splitNamed = folders.stream().filter(Split::isSplitName).toList();
        if (splitNamed.isEmpty()) {
            return new SplitFolders(Map.of());
        }
        List<String> others = folders.stream().filter(f -> !Split.isSplitName(f)).toList();
        if (!others.isEmpty()) {
            throw new BadInputException(where + ": top-level folders " + slashed(splitNamed) + " name splits but "
                    + slashed(others) + " do not; put every class folder inside train/ (and val/, test/), or "
                    + "rename the split-like folders if they are classes");
        }
        Map<Split, List<String>> bySplit = new EnumMap<>(Split.class);
        for (String f : splitNamed) {
            bySplit.computeIfAbsent(Split.ofName(f), s -> new ArrayList<>()).add(f);
        }
        for (Map.Entry<Split, List<String>> e : bySplit.entrySet()) {
            if (e.getValue().size() > 1) {
                throw new BadInputException(where + ": folders " + slashed(e.getValue()) + " all mean the "
                        + e.getKey() + " split; keep one of them (merge the others into it)");
            }
        }
        Map<String, Split> splits = new LinkedHashMap<>();
        for (String f : splitNamed) {
            splits.put(f, Split.ofName(f));
        }
        return new SplitFolders(splits);
    }

    private static String slashed(List<String> names) {
        return names.stream().map(n -> n + "/").collect(Collectors.joining(", "));
    }
}
