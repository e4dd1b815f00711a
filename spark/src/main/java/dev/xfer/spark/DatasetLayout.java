package dev.xfer.spark;

import dev.xfer.common.BadInputException;
import dev.xfer.common.storage.Storage;
import dev.xfer.common.training.Split;
import dev.xfer.common.training.SplitFolders;
import dev.xfer.extract.dataset.DatasetScan;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The top of a dataset folder, read on the driver (a few listings: split and class folders), with the same rules
 * as local extraction's {@link DatasetScan}: class sub-folders (labels, sorted) optionally under
 * {@code train/ val/ test/}, or images directly in a folder (unlabelled). What is inside the class folders is
 * listed on the executors, one task per folder.
 *
 * @param folders the folders whose images make the dataset, each with its label and split
 */
public record DatasetLayout(List<String> classes, List<Folder> folders) implements Serializable {
    /** A folder of images: {@code recursive} for a class folder (its sub-folders belong to the class). */
    public record Folder(String relative, String label, Split split, boolean recursive) implements Serializable {
    }

    public static DatasetLayout of(Storage data) throws IOException {
        List<Storage.Entry> top = data.list("");
        if (top.isEmpty() && !data.exists("")) {
            throw new BadInputException(data.describe() + ": no such folder; pass a folder of class sub-folders or "
                    + "of images");
        }
        List<String> subdirs = top.stream().filter(Storage.Entry::directory).map(Storage.Entry::name).toList();
        SplitFolders layout = SplitFolders.of(data.describe(), subdirs);
        TreeSet<String> classes = new TreeSet<>();
        List<Folder> folders = new ArrayList<>();
        if (layout.split()) {
            for (String s : subdirs) {
                level(data, s, layout.splits().get(s), classes, folders);
            }
        } else {
            level(data, "", null, classes, folders);
        }
        if (classes.size() == 1) {
            throw new BadInputException(data.describe() + ": only one class folder (" + classes.first() + "); a "
                    + "labelled dataset needs at least two");
        }
        return new DatasetLayout(List.copyOf(classes), List.copyOf(folders));
    }

    private static void level(Storage data, String dir, Split split, TreeSet<String> classes, List<Folder> out)
            throws IOException {
        List<Storage.Entry> entries = data.list(dir);
        boolean classDirs = entries.stream().anyMatch(Storage.Entry::directory);
        if (!classDirs) {
            out.add(new Folder(dir, null, split, false));
            return;
        }
        for (Storage.Entry e : entries) {
            if (e.directory()) {
                classes.add(e.name());
                out.add(new Folder(dir.isEmpty() ? e.name() : dir + "/" + e.name(), e.name(), split, true));
            }
        }
    }

    /** The images of one folder (and, for a class folder, its sub-folders), hidden names left out. */
    public static List<ImageFile> images(Storage data, Folder f) throws IOException {
        List<ImageFile> out = new ArrayList<>();
        walk(data, f, f.relative(), out);
        return out;
    }

    private static void walk(Storage data, Folder f, String dir, List<ImageFile> out) throws IOException {
        for (Storage.Entry e : data.list(dir)) {
            String rel = dir.isEmpty() ? e.name() : dir + "/" + e.name();
            if (e.directory()) {
                if (f.recursive()) {
                    walk(data, f, rel, out);
                }
            } else if (DatasetScan.looksLikeImage(e.name())) {
                out.add(new ImageFile(rel, f.label(), f.split(), e.size(), null, null));
            }
        }
    }
}
