package dev.xfer.finetune;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.common.Progress;
import dev.xfer.common.training.Split;
import dev.xfer.common.training.Splits;
import dev.xfer.extract.dataset.DatasetScan;
import dev.xfer.extract.dataset.ImageEntry;
import dev.xfer.head.TrainedSplit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The labelled images of a dataset folder, in path order, each decoded once up front so a corrupt file is skipped
 * and reported before training rather than halfway through an epoch; and their split, dealt as phase two deals
 * it (the folders' train/val/test when the data has them, else the same seeded stratified split).
 *
 * @param val     the validation fraction asked for (the folders' split when the data has one)
 * @param test    the test fraction asked for
 * @param skipped "path: reason" for every image left out
 * @param kept    when training starts from a head: how many photos kept the split they had in the head's snapshot
 *                and how many new ones were dealt; else null
 */
public record TrainingImages(List<Path> files, List<String> names, int[] labels, List<String> classes, Split[] split,
                             String splitSource, double val, double test, List<String> skipped,
                             TrainedSplit.Dealt kept) {

    public static TrainingImages of(DatasetScan scan, DecodedImages pixels, double val, double test, long seed,
                                    Progress progress) {
        return of(scan, pixels, val, test, seed, null, progress);
    }

    /**
     * Reads every image once through {@code pixels}, which keeps what its budget allows for the training that
     * follows (so the check is the run's only decode of a kept image).
     */
    /**
     * As above; with {@code trained} (the split of the head training starts from), a photo the head's snapshot had
     * keeps its split there, found by the sha256 of its bytes, whatever folder it is in now.
     */
    public static TrainingImages of(DatasetScan scan, DecodedImages pixels, double val, double test, long seed,
                                    TrainedSplit trained, Progress progress) {
        if (!scan.labelled()) {
            throw new BadInputException(scan.root() + ": no class sub-folders; fine-tuning needs one folder per "
                    + "class");
        }
        List<Path> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Split> splits = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> sha256 = new ArrayList<>();
        progress.start("checking images", scan.images().size());
        for (ImageEntry e : scan.images()) {
            try {
                pixels.check(e.file());
                if (trained != null) {
                    sha256.add(digest(e.file()));
                }
                files.add(e.file());
                names.add(e.relative());
                labels.add(scan.classes().indexOf(e.label()));
                splits.add(e.split());
            } catch (BadInputException bad) {
                skipped.add(bad.getMessage());
            }
            progress.advance(1);
        }
        progress.finish();
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        if (Arrays.stream(y).distinct().count() < 2) {
            throw new BadInputException(scan.root() + ": readable images in fewer than two classes; fine-tuning "
                    + "needs at least two");
        }
        if (trained != null) {
            TrainedSplit.Dealt d = trained.deal(sha256, splits, y, scan.classes().size(), val, test, seed);
            return new TrainingImages(List.copyOf(files), List.copyOf(names), y, scan.classes(), d.split(), d.source(),
                    val, test, List.copyOf(skipped), d);
        }
        Splits.Dealt dealt = Splits.deal(splits, y, scan.classes().size(), val, test, seed, "dataset folders");
        return new TrainingImages(List.copyOf(files), List.copyOf(names), y, scan.classes(), dealt.split(),
                dealt.source(), val, test, List.copyOf(skipped), null);
    }

    private static String digest(Path file) {
        try {
            return Digests.sha256(file);
        } catch (java.io.IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The labels of the images at {@code idx}. */
    public int[] labelsOf(int[] idx) {
        return Arrays.stream(idx).map(i -> labels[i]).toArray();
    }

    /** Indices of the images in {@code which} split. */
    public int[] indices(Split which) {
        return Splits.select(split, which);
    }
}
