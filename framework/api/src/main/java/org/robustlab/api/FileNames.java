package org.robustlab.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * File and folder names for user-chosen names (models, attacks). Names are free text in a study;
 * on disk they must be portable and must not escape their folder.
 */
public final class FileNames {
    private FileNames() {
    }

    /**
     * The name itself when it only uses letters, digits and {@code . _ + -} (and is not {@code .} or
     * {@code ..}); otherwise every other character becomes {@code _} and the first 8 hex digits of
     * the name's SHA-256 are appended, so distinct names never share a folder. A plain name that
     * itself ends like that ({@code -} and 8 hex digits) is hashed too: taken as it is, model
     * {@code a_b-c14cddc0} would share the folder of model {@code a/b}.
     */
    public static String of(String name) {
        boolean plain = name.matches("[A-Za-z0-9._+-]{1,80}") && !name.equals(".") && !name.equals("..")
                && !name.matches(".*-[0-9a-f]{8}");
        if (plain) {
            return name;
        }
        String base = name.replaceAll("[^A-Za-z0-9._+-]", "_");
        if (base.length() > 60) {
            base = base.substring(0, 60);
        }
        return base + "-" + sha256(name).substring(0, 8);
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (byte x : d) {
                b.append(String.format("%02x", x));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
