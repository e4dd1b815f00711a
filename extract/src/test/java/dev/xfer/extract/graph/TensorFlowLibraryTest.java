package dev.xfer.extract.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where TensorFlow's libraries were found, recorded for the launcher only when it is safe to skip the search. */
class TensorFlowLibraryTest {
    private static final String DIR = "/root/.javacpp/cache/tensorflow-core-native-1.1.0-linux-x86_64.jar/lib";

    private static Map<String, String> cpuLoad() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jnitensorflow", DIR + "/libjnitensorflow.so");
        m.put("tensorflow_framework@.2", DIR + "/libtensorflow_framework.so.2");
        m.put("tensorflow_cc@.2", DIR + "/libtensorflow_cc.so.2");
        return m;
    }

    @Test
    void aCpuLoadFromOneDirectoryIsRecorded() {
        assertEquals(Path.of(DIR), TensorFlowLibrary.directory(cpuLoad()));
    }

    @Test
    void otherLibrariesGpuBuildsAndLoadsWithoutSearchAreNot() {
        Map<String, String> cuda = cpuLoad();
        cuda.put("cudart@.12", "/usr/local/cuda/lib64/libcudart.so.12");
        assertNull(TensorFlowLibrary.directory(cuda), "CUDA's libraries need JavaCPP's search");
        Map<String, String> gpu = new LinkedHashMap<>();
        cpuLoad().forEach((k, v) -> gpu.put(k, v.replace("linux-x86_64.jar", "linux-x86_64-gpu.jar")));
        assertNull(TensorFlowLibrary.directory(gpu), "a GPU build");
        Map<String, String> unsearched = new LinkedHashMap<>();
        cpuLoad().forEach((k, v) -> unsearched.put(k, k.replaceAll("@.*", "")));
        assertNull(TensorFlowLibrary.directory(unsearched), "a load from java.library.path names no file");
        Map<String, String> split = cpuLoad();
        split.put("tensorflow_cc@.2", "/elsewhere/libtensorflow_cc.so.2");
        assertNull(TensorFlowLibrary.directory(split), "libraries from two directories");
    }

    @Test
    void aRealLoadRecordsTheDirectoryHoldingTensorFlow(@TempDir Path tmp) throws Exception {
        Path record = tmp.resolve("tensorflow-libraries");
        System.setProperty(TensorFlowLibrary.RECORD, record.toString());
        try {
            TensorFlowLibrary.load();
        } finally {
            System.clearProperty(TensorFlowLibrary.RECORD);
        }
        Path dir = Path.of(Files.readString(record, StandardCharsets.UTF_8).strip());
        assertTrue(Files.isRegularFile(dir.resolve("libjnitensorflow.so")), dir.toString());
        assertTrue(Files.isRegularFile(dir.resolve("libtensorflow_cc.so.2")), dir.toString());
    }

    @Test
    void aRecordTheLauncherKeptIsNotWrittenAgain(@TempDir Path tmp) throws Exception {
        Path record = tmp.resolve("tensorflow-libraries");
        Files.writeString(record, "/kept\n", StandardCharsets.UTF_8);
        System.setProperty(TensorFlowLibrary.RECORD, record.toString());
        try {
            TensorFlowLibrary.load();
        } finally {
            System.clearProperty(TensorFlowLibrary.RECORD);
        }
        assertEquals("/kept\n", Files.readString(record, StandardCharsets.UTF_8));
    }
}
