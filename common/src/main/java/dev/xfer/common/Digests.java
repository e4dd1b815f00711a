package dev.xfer.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content hashes of files: the identity of weights and images in provenance and caches. */
public final class Digests {
    private Digests() {
    }

    public static String sha256(Path file) throws IOException {
        return hex("SHA-256", file);
    }

    public static String md5(Path file) throws IOException {
        return hex("MD5", file);
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest("SHA-256").digest(bytes));
    }

    /** sha256 of everything left to read in {@code in}, streamed. */
    public static String sha256(java.nio.channels.ReadableByteChannel in) throws IOException {
        MessageDigest md = digest("SHA-256");
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
        while (in.read(buf) >= 0) {
            buf.flip();
            md.update(buf);
            buf.clear();
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A fresh SHA-256 digest, for hashing bytes as they are written. */
    public static MessageDigest sha256Digest() {
        return digest("SHA-256");
    }

    private static String hex(String algorithm, Path file) throws IOException {
        MessageDigest md = digest(algorithm);
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
