package dev.xfer.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of xfer that is running, as Maven stamped it into the build; recorded in every provenance. */
public final class XferVersion {
    private static final Properties BUILD = load();

    private XferVersion() {
    }

    public static String get() {
        return BUILD.getProperty("version", "dev");
    }

    /**
     * The TensorFlow runtime and TensorFlow Java release xfer was built against, as the build recorded them:
     * {@code xfer --version} prints them without loading TensorFlow's 600 MB native library (a test in extract/
     * checks them against the loaded library).
     */
    public static String tensorflow() {
        return BUILD.getProperty("tensorflow", "unknown");
    }

    public static String tensorflowJava() {
        return BUILD.getProperty("tensorflow_java", "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = XferVersion.class.getResourceAsStream("/xfer-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // "dev" and "unknown" below
        }
        return p;
    }
}
