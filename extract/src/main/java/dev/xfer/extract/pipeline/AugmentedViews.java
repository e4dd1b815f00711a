package dev.xfer.extract.pipeline;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.common.store.ListingRow;
import dev.xfer.common.training.Split;
import dev.xfer.common.training.Splits;
import dev.xfer.extract.augment.AugmentSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code xfer extract --augment K}: K augmented views of every training image, stored beside the image's own row
 * so heads can train on augmented features without end-to-end training. Which images train is decided here, at
 * extraction: the dataset's train/ folder, else a seeded stratified split (the same one {@code xfer head train}
 * would deal) written to the split column, so validation and test images never get views and heads read the
 * split back. A view's key is a digest of its image's sha256, the view number, the augmentation and the seed:
 * re-running with the same settings extracts nothing again; other settings give other views.
 *
 * @param count views per training image (0: none)
 */
public record AugmentedViews(AugmentSpec spec, int count, long seed, double val, double test) {

    public AugmentedViews {
        if (count < 0) {
            throw new BadInputException("--augment " + count + ": the number of views must be 0 or more");
        }
    }

    public static AugmentedViews none() {
        return new AugmentedViews(AugmentSpec.none(), 0, 0, 0, 0);
    }

    /**
     * The rows to list: {@code images} (in path order), their split set when views are made and the data had none,
     * then the views of the training images.
     */
    List<ListingRow> plan(List<ListingRow> images, List<String> classes) {
        if (count == 0) {
            return images;
        }
        List<ListingRow> labelled = images.stream().filter(r -> r.label() != null).toList();
        boolean folders = !labelled.isEmpty() && labelled.stream().allMatch(r -> r.split() != null);
        Split[] split = null;
        if (!folders) {
            int[] y = labelled.stream().mapToInt(r -> classes.indexOf(r.label())).toArray();
            split = Splits.stratified(y, classes.size(), val, test, seed);
        }
        List<ListingRow> out = new ArrayList<>();
        List<ListingRow> views = new ArrayList<>();
        int li = 0;
        for (ListingRow r : images) {
            ListingRow row = r;
            if (r.label() != null && split != null) {
                row = r.withSplit(split[li++]);
            }
            out.add(row);
            if (row.label() != null && row.split() == Split.TRAIN) {
                for (int v = 1; v <= count; v++) {
                    views.add(new ListingRow(r.path(), r.label(), Split.TRAIN, viewKey(r.sha256(), v), v));
                }
            }
        }
        out.addAll(views);
        return out;
    }

    /** The stream of random draws for an image: from its bytes' digest, so it does not depend on the folder. */
    static long stream(String imageSha256) {
        return HexFormat.fromHexDigitsToLong(imageSha256, 0, 15);
    }

    String viewKey(String imageSha256, int view) {
        return Digests.sha256((imageSha256 + "|view=" + view + "|" + spec.describe() + "|seed=" + seed)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** For messages and the snapshot's record of how its views were made. */
    public String describe() {
        return count == 0 ? "none" : count + " views per training image, " + spec.describe() + ", seed " + seed;
    }
}
