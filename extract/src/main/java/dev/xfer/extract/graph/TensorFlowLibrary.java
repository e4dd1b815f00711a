package dev.xfer.extract.graph;

import dev.xfer.common.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.tensorflow.TensorFlow;

/**
 * Loads TensorFlow's native library and tells the launcher where it was found. JavaCPP, which loads it, first
 * looks for some thirty libraries TensorFlow may use (CUDA's, most of them) in every jar of the class path: 0.6 s
 * of a 1.1 s load (bench/RESULTS.md, "Start-up, fourth step"). After a load that searched, the directory the
 * libraries came from is written to the file the launcher names ({@value #RECORD}); the launcher then starts the
 * JVM with that directory on {@code java.library.path} and JavaCPP's search off.
 */
public final class TensorFlowLibrary {
    /** The system property naming the file to write the libraries' directory to. */
    public static final String RECORD = "xfer.tensorflow.record";
    private static final String SEARCH = "org.bytedeco.javacpp.findLibraries";

    private TensorFlowLibrary() {
    }

    /** Loads the library (once per process) and records where it was found when asked to. */
    public static void load() {
        TensorFlow.version();
        String file = System.getProperty(RECORD);
        // written once: the record lives in the build's own folder of the user's cache, so one that exists is current
        if (file != null && !"false".equals(System.getProperty(SEARCH)) && !Files.exists(Path.of(file))) {
            Path dir = directory(Loader.getLoadedLibraries());
            if (dir != null) {
                try {
                    AtomicFiles.write(Path.of(file), (dir + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException e) {
                    // only a shortcut: the next start searches again
                }
            }
        }
    }

    /**
     * The one directory TensorFlow's own libraries were loaded from, or null when JavaCPP also loaded others
     * (CUDA's, in a GPU build, which its search must keep finding) or the builds for GPUs are in use.
     */
    static Path directory(Map<String, String> loaded) {
        Path dir = null;
        for (Map.Entry<String, String> e : loaded.entrySet()) {
            boolean own = e.getKey().startsWith("jnitensorflow") || e.getKey().startsWith("tensorflow_");
            Path file = Path.of(e.getValue());
            if (!own || !file.isAbsolute() || e.getValue().contains("-gpu")
                    || (dir != null && !dir.equals(file.getParent()))) {
                return null;
            }
            dir = file.getParent();
        }
        return dir;
    }
}
