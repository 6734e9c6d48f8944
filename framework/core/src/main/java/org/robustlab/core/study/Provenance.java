package org.robustlab.core.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.RobustlabApi;
import org.robustlab.core.data.Checksums;
import org.robustlab.core.plugin.ExtensionInfo;

/** The environment part of provenance: versions of robustlab, plugins, ND4J, Java and the OS. */
public final class Provenance {
    private Provenance() {
    }

    /** Framework, Java, OS and ND4J backend facts. */
    public static Map<String, Object> environment() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("robustlabApi", RobustlabApi.VERSION);
        String impl = Provenance.class.getPackage().getImplementationVersion();
        m.put("robustlab", impl == null ? "development" : impl);
        // the version names a release, not a build: the launcher's git commit and the framework jars' hashes do
        String commit = System.getProperty("robustlab.commit");
        if (commit != null && !commit.isBlank()) {
            m.put("commit", commit);
        }
        m.put("frameworkJars", frameworkJars());
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("nd4jBackend", Nd4j.getBackend().getClass().getSimpleName());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("openblasCoretype", BlasKernels.requested()); // OpenBLAS's kernel choice changes the last bits of every result
        return m;
    }

    /**
     * SHA-256 of each robustlab framework jar beside the one this class came from (name → hash), or "classes" when
     * it runs from class folders (a development build).
     */
    static Object frameworkJars() {
        try {
            java.nio.file.Path self = java.nio.file.Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!java.nio.file.Files.isRegularFile(self)) {
                return "classes";
            }
            Map<String, Object> jars = new java.util.TreeMap<>();
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(self.getParent())) {
                files.filter(f -> f.getFileName().toString().startsWith("robustlab-") && f.toString().endsWith(".jar"))
                        .forEach(f -> jars.put(f.getFileName().toString(), Checksums.sha256(f)));
            }
            return jars;
        } catch (java.net.URISyntaxException | java.io.IOException | RuntimeException e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** Plugins used: id, version, jar and the jar's SHA-256. */
    public static List<Map<String, Object>> plugins(List<ExtensionInfo> used) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (ExtensionInfo e : used) {
            byId.computeIfAbsent(e.pluginId(), id -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", id);
                m.put("version", e.pluginVersion());
                m.put("jar", e.source() == null ? null : e.source().getFileName().toString());
                m.put("sha256", e.source() == null || !java.nio.file.Files.isRegularFile(e.source()) ? null
                        : Checksums.sha256(e.source()));
                return m;
            });
        }
        return List.copyOf(byId.values());
    }
}
