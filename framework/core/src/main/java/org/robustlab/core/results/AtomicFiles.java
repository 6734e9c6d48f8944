package org.robustlab.core.results;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file completely under a temporary name in the same folder, then renames it into
 * place, so readers (and a killed run) never see a half-written result.
 *
 * <p>The temporary file is opened with the default creation mode, so the result gets the
 * permissions the user's umask allows (0644 under 022) and a web server can serve it;
 * {@code Files.createTempFile} would have made every result 0600.
 */
public final class AtomicFiles {
    private static final SecureRandom NAMES = new SecureRandom();

    private AtomicFiles() {
    }

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to {@code target} atomically; creates parent folders.
     *
     * @throws NoSpaceLeftException when the file system is full (nothing is left behind)
     */
    public static Path write(Path target, Content content) {
        Path parent = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            tmp = parent.resolve("." + target.getFileName() + "." + Long.toHexString(NAMES.nextLong()) + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException | UncheckedIOException e) {
            if (NoSpaceLeftException.isNoSpace(e)) {
                throw new NoSpaceLeftException(target, e);
            }
            throw e instanceof UncheckedIOException u ? u : new UncheckedIOException("cannot write " + target, (IOException) e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the rename already happened or the folder is gone; nothing to clean
                }
            }
        }
    }

    /** Writes bytes atomically. */
    public static Path write(Path target, byte[] bytes) {
        return write(target, out -> out.write(bytes));
    }
}
