package dev.xfer.extract.dataset;

import dev.xfer.common.BadInputException;
import dev.xfer.common.store.Rejected;
import dev.xfer.common.training.Split;
import dev.xfer.common.training.SplitFolders;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Walks a dataset folder. Labels are the names of the class folders, sorted; files nested deeper inside a
 * class folder belong to that class. Top-level {@code train/ val/ test/} folders become the split (see
 * {@link SplitFolders}: {@code validation/}, {@code valid/}, {@code eval/} too; a mix is refused). Hidden
 * files, non-image names, dangling links and directories named like images are left out; the ones that
 * looked like images are reported.
 */
public record DatasetScan(Path root, List<String> classes, List<ImageEntry> images, List<Rejected> rejected) {

    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    public boolean labelled() {
        return !classes.isEmpty();
    }

    public static DatasetScan of(Path root) {
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root + ": no such folder; pass a folder of class sub-folders or of images");
        }
        List<Path> subdirs = children(root).stream().filter(Files::isDirectory).filter(p -> !hiddenName(p)).toList();
        SplitFolders layout = SplitFolders.of(root.toString(), subdirs.stream().map(DatasetScan::name).toList());
        List<ImageEntry> images = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        TreeSet<String> classes = new TreeSet<>();
        if (layout.split()) {
            for (Path s : subdirs) {
                scanLevel(root, s, layout.splits().get(name(s)), classes, images, rejected);
            }
        } else {
            scanLevel(root, root, null, classes, images, rejected);
        }
        if (images.isEmpty()) {
            throw new BadInputException(root + ": no images found (JPEG, PNG, BMP or GIF)"
                    + (rejected.isEmpty() ? "" : ", " + rejected.size() + " files refused") + "; check the folder");
        }
        if (classes.size() == 1) {
            throw new BadInputException(root + ": only one class folder (" + classes.first() + "); a labelled "
                    + "dataset needs at least two, or pass a flat folder of images for prediction");
        }
        images.sort(java.util.Comparator.comparing(ImageEntry::relative));
        return new DatasetScan(root, List.copyOf(classes), List.copyOf(images), List.copyOf(rejected));
    }

    /** One level that holds either class folders or images directly (then they are unlabelled). */
    private static void scanLevel(Path root, Path dir, Split split, TreeSet<String> classes,
                                  List<ImageEntry> images, List<Rejected> rejected) {
        List<Path> entries = children(dir);
        boolean hasClassDirs = entries.stream().anyMatch(p -> Files.isDirectory(p) && !hiddenName(p));
        for (Path p : entries) {
            if (hiddenName(p)) {
                continue;
            }
            if (hasClassDirs && Files.isDirectory(p)) {
                classes.add(name(p));
                walk(root, p, name(p), split, images, rejected);
            } else if (!hasClassDirs && !Files.isDirectory(p)) {
                consider(root, p, null, split, images, rejected);
            }
        }
    }

    private static void walk(Path root, Path classDir, String label, Split split, List<ImageEntry> images,
                             List<Rejected> rejected) {
        try (Stream<Path> files = Files.walk(classDir, FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : files.filter(p -> !p.equals(classDir)).toList()) {
                if (hidden(root.relativize(p))) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    if (hasImageExtension(p)) {
                        rejected.add(new Rejected(relative(root, p), "a directory, not an image file"));
                    }
                    continue;
                }
                consider(root, p, label, split, images, rejected);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadInputException(classDir + ": cannot list (" + e.getMessage() + "); check permissions", e);
        }
    }

    private static void consider(Path root, Path p, String label, Split split, List<ImageEntry> images,
                                 List<Rejected> rejected) {
        if (!hasImageExtension(p)) {
            return;
        }
        String rel = relative(root, p);
        if (!Files.exists(p)) {
            rejected.add(new Rejected(rel, "dangling symbolic link"));
        } else if (!Files.isRegularFile(p)) {
            rejected.add(new Rejected(rel, "not a regular file"));
        } else if (!Files.isReadable(p)) {
            rejected.add(new Rejected(rel, "not readable (permissions)"));
        } else {
            images.add(new ImageEntry(p, rel, label, split));
        }
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list (" + e.getMessage() + "); check permissions", e);
        }
    }

    private static boolean hasImageExtension(Path p) {
        return looksLikeImage(name(p));
    }

    /** Whether a file name has an image extension (JPEG, PNG, BMP, GIF): other files are not part of a dataset. */
    public static boolean looksLikeImage(String n) {
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Only the entry's own name counts: the dataset itself may live under a dot-folder or be reached by "..". */
    private static boolean hiddenName(Path p) {
        return name(p).startsWith(".");
    }

    /** Whether any component of a path relative to the dataset root is hidden. */
    private static boolean hidden(Path p) {
        for (Path part : p) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }
}
