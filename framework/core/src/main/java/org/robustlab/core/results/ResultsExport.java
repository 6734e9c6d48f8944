package org.robustlab.core.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.robustlab.api.RobustlabException;

/**
 * Copies the small, human-readable results of a study folder into another folder, for a report in a repository:
 * {@code study.json}, the CSV and JSON files below {@code attacks/}, {@code metrics/} and {@code analyses/}, each
 * model's {@code model.json}, {@code history.csv} and {@code synapse-variance.csv}, and optionally the site's figures.
 * Never model weights, arrays or checkpoints. The layout is the study folder's, so every path in {@code study.json}
 * still resolves. Written into a temporary folder and renamed: the target is either complete or absent, and an
 * existing target is never mixed with another run's files.
 */
public final class ResultsExport {
    private static final List<String> RESULT_FOLDERS = List.of("attacks", "metrics", "analyses");
    private static final List<String> MODEL_FILES = List.of("model.json", "history.csv", "synapse-variance.csv");

    private ResultsExport() {
    }

    /** One file to copy, relative to the study folder, with its size. */
    public record Item(String path, long bytes) {
    }

    /** The files an export of {@code study} copies (sorted). */
    public static List<Item> select(Path study, boolean figures) {
        if (!Files.isRegularFile(study.resolve("study.json"))) {
            throw new RobustlabException(study + " has no study.json; give the output folder of a study run");
        }
        List<Item> items = new ArrayList<>();
        try (Stream<Path> all = Files.walk(study)) {
            all.filter(Files::isRegularFile).forEach(p -> {
                String rel = study.relativize(p).toString().replace('\\', '/');
                if (wanted(rel, figures)) {
                    items.add(new Item(rel, size(p)));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + study, e);
        }
        items.sort(Comparator.comparing(Item::path));
        return items;
    }

    static boolean wanted(String rel, boolean figures) {
        String[] parts = rel.split("/");
        String name = parts[parts.length - 1];
        if (name.startsWith(".")) {
            return false;
        }
        boolean text = name.endsWith(".csv") || name.endsWith(".json");
        if (parts.length == 1) {
            return name.equals("study.json");
        }
        if (RESULT_FOLDERS.contains(parts[0])) {
            return text;
        }
        if (parts[0].equals("models")) {
            return parts.length == 3 && MODEL_FILES.contains(name); // not kh-checkpoint/<key>/history.json
        }
        return figures && parts.length == 3 && parts[0].equals("site") && parts[1].equals("figures")
                && (name.endsWith(".png") || name.endsWith(".svg"));
    }

    /**
     * Copies the selection into {@code target}, which must not exist (or is replaced as a whole with {@code replace}).
     *
     * @param maxBytes the export's size limit; over it nothing is written and the error names the largest files
     * @return the files copied
     */
    public static List<Item> export(Path study, Path target, boolean figures, long maxBytes, boolean replace) {
        List<Item> items = select(study, figures);
        long total = items.stream().mapToLong(Item::bytes).sum();
        if (total > maxBytes) {
            List<Item> largest = items.stream().sorted(Comparator.comparingLong(Item::bytes).reversed()).limit(5).toList();
            throw new RobustlabException(String.format(Locale.ROOT, "the export of %s would be %.1f MB, over the limit of"
                            + " %.1f MB; largest: %s. Leave out the figures, or raise --max-mb", study, total / 1e6, maxBytes / 1e6,
                    String.join(", ", largest.stream().map(i -> i.path() + String.format(Locale.ROOT, " (%.1f MB)",
                            i.bytes() / 1e6)).toList())));
        }
        if (Files.exists(target) && !replace) {
            throw new RobustlabException(target + " exists; an export never mixes two runs' files: choose a new folder,"
                    + " or --replace to replace it as a whole");
        }
        Path parent = target.toAbsolutePath().getParent();
        Path tmp = parent.resolve("." + target.getFileName() + ".export-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(parent);
            deleteTree(tmp);
            for (Item i : items) {
                Path to = tmp.resolve(i.path());
                Files.createDirectories(to.getParent());
                Files.copy(study.resolve(i.path()), to, StandardCopyOption.COPY_ATTRIBUTES);
            }
            Path old = parent.resolve("." + target.getFileName() + ".replaced-" + ProcessHandle.current().pid());
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new RobustlabException(target + " appeared while exporting; nothing was replaced", e);
            }
            deleteTree(old);
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export " + study + " to " + target, e);
        } finally {
            try {
                deleteTree(tmp);
            } catch (IOException ignored) {
                // a leftover hidden temporary folder is harmless; the target is complete or absent
            }
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
