package org.robustlab.core.study;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.robustlab.api.RobustlabException;

/**
 * One run per output folder: an exclusive operating-system lock on {@code <out>/.lock}, held for
 * the whole run. The file holds the PID of the holder, for the message a second run gets. The lock
 * is the kernel's, not the file's existence: a killed run's lock is free again at once.
 */
public final class OutputLock implements AutoCloseable {
    /** File name inside the output folder. */
    public static final String FILE = ".lock";
    /** Folders locked by this JVM: POSIX drops a process's locks when it closes any channel on the file. */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();
    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code outDir} (created if needed).
     *
     * @throws RobustlabException naming the folder and the holder's PID when another run holds it
     */
    public static OutputLock acquire(Path outDir) {
        Path folder = outDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new RobustlabException("cannot create the output folder " + folder + ": " + e.getMessage());
        }
        if (!HELD_HERE.add(folder)) {
            throw busy(folder, Long.toString(ProcessHandle.current().pid()));
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(folder.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                HELD_HERE.remove(folder);
                throw busy(folder, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new OutputLock(folder, channel, lock);
        } catch (IOException e) {
            HELD_HERE.remove(folder);
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the output folder " + folder, e);
        }
    }

    /** Whether a run (in this or another process) holds {@code outDir} now. */
    public static boolean isHeld(Path outDir) {
        Path folder = outDir.toAbsolutePath().normalize();
        if (HELD_HERE.contains(folder)) {
            return true;
        }
        Path file = folder.resolve(FILE);
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false; // unreadable or read-only: nobody can be writing results there either
        }
    }

    private static RobustlabException busy(Path folder, String holder) {
        return new RobustlabException("output folder " + folder + " is in use by another robustlab run (PID "
                + (holder.isEmpty() ? "unknown" : holder) + "); wait for it to finish, stop it, or choose another --out");
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        channel.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock in any case
        } finally {
            HELD_HERE.remove(folder);
        }
    }
}
