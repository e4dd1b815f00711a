package dev.xfer.common.store;

import dev.xfer.common.BadInputException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** A dataset's name ({@code extract --name}, default the folder's name): a folder name inside the store. */
public final class DatasetName {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private DatasetName() {
    }

    public static String of(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new BadInputException("--name '" + name + "': a dataset name is letters, digits, '.', '_' and '-' "
                    + "(at most 100, starting with a letter or digit)");
        }
        return name;
    }

    /** The default name of a dataset given as a local path or a URI (hdfs://nn/data/pets): its last part. */
    public static String ofLocation(String location) {
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
            String path = java.net.URI.create(location).getPath();
            return ofFolder(Path.of(path == null || path.isEmpty() ? "/dataset" : path));
        }
        return ofFolder(Path.of(location));
    }

    /** The default name of a dataset folder: its own name, with other characters made '_'. */
    public static String ofFolder(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        String n = abs.getFileName() == null ? "dataset" : abs.getFileName().toString();
        n = n.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._-]+", "");
        if (n.length() > 100) {
            n = n.substring(0, 100);
        }
        return n.isEmpty() ? "dataset" : n;
    }
}
