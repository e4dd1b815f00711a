package dev.xfer.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of xfer that is running, as Maven stamped it into the build; recorded in every provenance. */
public final class XferVersion {
    private static final String VERSION = load();

    private XferVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = XferVersion.class.getResourceAsStream("/xfer-version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
