package org.robustlab.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import javax.tools.ToolProvider;
import org.robustlab.api.Attack;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.testkit.BundledLibrary;
import org.robustlab.core.testkit.Fixtures;
import org.robustlab.testkit.PluginJarBuilder;

/** The host loads real jars built here, and reports each broken one without losing the others. */
class PluginHostTest {
    @TempDir
    Path dir;

    private Path good() throws Exception {
        return new PluginJarBuilder(dir.resolve("good.jar"), "good-plugin")
                .add(Fixtures.RandomLike.class).extension(Fixtures.PgdLike.class).build();
    }

    private PluginHost loadWithGood() throws Exception {
        good();
        return PluginHost.load(List.of(dir));
    }

    private static String problems(PluginHost host) {
        return host.problems().toString();
    }

    @Test
    void loadsExtensionsFromARealJar() throws Exception {
        good();
        try (PluginHost host = PluginHost.load(List.of(dir))) {
            ExtensionInfo pgd = host.registry().find(ExtensionKind.ATTACK, "pgd");
            assertEquals("good-plugin", pgd.pluginId());
            assertEquals("1.0.0", pgd.pluginVersion());
            assertEquals(dir.resolve("good.jar"), pgd.source());
            // Loaded by the plugin's own class loader, not the test's.
            assertTrue(pgd.type().getClassLoader() != Fixtures.PgdLike.class.getClassLoader());
            assertTrue(host.problems().isEmpty(), problems(host));
        }
    }

    @Test
    void pf4jFieldWordingBecomesTheManifestAttributeThatIsMissing() throws Exception {
        new PluginJarBuilder(dir.resolve("nodesc.jar"), "x").withoutDescriptor().extension(Fixtures.FgsmLike.class).build();
        try (PluginHost host = loadWithGood()) {
            assertEquals("nodesc.jar: not loaded: its META-INF/MANIFEST.MF lacks Plugin-Id; a plugin jar needs Plugin-Id and"
                    + " Plugin-Version there (the new-plugin scaffold's pom writes both)", host.problems().get(0).toString());
        }
        assertEquals("Plugin-Version", PluginHost.missingManifestField("Field 'version' cannot be empty"));
        assertEquals(null, PluginHost.missingManifestField("something else"));
    }

    @Test
    void aTruncatedCopyOfALoadedPluginIsReportedAsTruncatedNeverAsADuplicate() throws Exception {
        good();
        Path goodJar;
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
            goodJar = s.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        byte[] bytes = java.nio.file.Files.readAllBytes(goodJar);
        Path copies = java.nio.file.Files.createDirectory(dir.resolve("copies"));
        for (int permille : new int[]{100, 500, 900, 990, 999}) {
            // named to sort before and after the good jar's folder entry
            java.nio.file.Files.write(copies.resolve("a-copy-" + permille + ".jar"), java.util.Arrays.copyOf(bytes,
                    (int) ((long) bytes.length * permille / 1000)));
        }
        java.nio.file.Files.write(copies.resolve("z-copy-last-byte.jar"), java.util.Arrays.copyOf(bytes, bytes.length - 1));
        try (PluginHost host = PluginHost.load(List.of(copies, dir))) {
            assertEquals(6, host.problems().size(), problems(host));
            for (PluginProblem p : host.problems()) {
                assertTrue(p.reason().contains("may be truncated or corrupt"), p.toString());
                assertTrue(!p.reason().contains("already loaded"), p.toString());
            }
            assertEquals("pgd", host.registry().find(ExtensionKind.ATTACK, "pgd").name());
        }
    }

    @Test
    void jarWithoutDescriptorIsReportedByFileName() throws Exception {
        new PluginJarBuilder(dir.resolve("nodesc.jar"), "x").withoutDescriptor().extension(Fixtures.FgsmLike.class).build();
        try (PluginHost host = loadWithGood()) {
            assertEquals(1, host.problems().size(), problems(host));
            PluginProblem p = host.problems().get(0);
            assertEquals("nodesc.jar", p.file().getFileName().toString());
            assertTrue(p.reason().contains("Plugin-Id"), p.reason());
            assertEquals("pgd", host.registry().find(ExtensionKind.ATTACK, "pgd").name());
        }
    }

    @Test
    void corruptJarIsReported() throws Exception {
        Files.write(dir.resolve("corrupt.jar"), new byte[]{1, 2, 3, 4, 5});
        try (PluginHost host = loadWithGood()) {
            assertEquals(1, host.problems().size(), problems(host));
            assertEquals("corrupt.jar", host.problems().get(0).file().getFileName().toString());
            assertTrue(problems(host).contains("not a readable jar/zip archive"), problems(host));
            assertEquals(List.of("pgd"), host.registry().names(ExtensionKind.ATTACK));
        }
    }

    @Test
    void missingClassesAreReportedPerExtension() throws Exception {
        new PluginJarBuilder(dir.resolve("missing.jar"), "missing-plugin")
                .add(Fixtures.RandomLike.class).extension(Fixtures.FgsmLike.class)
                .indexOnly("org.example.DoesNotExist").build();
        try (PluginHost host = loadWithGood()) {
            String all = problems(host);
            assertEquals(1, host.problems().size(), all);
            assertTrue(all.contains("missing.jar (plugin 'missing-plugin'): extension org.example.DoesNotExist cannot be loaded"), all);
            assertEquals(List.of("fgsm", "pgd"), host.registry().names(ExtensionKind.ATTACK));
        }
    }

    @Test
    void incompatiblePluginRequiresNamesRangeAndHostVersion() throws Exception {
        new PluginJarBuilder(dir.resolve("future.jar"), "future-plugin").manifest("Plugin-Requires", ">=2.0.0")
                .add(Fixtures.RandomLike.class).extension(Fixtures.FgsmLike.class).build();
        try (PluginHost host = loadWithGood()) {
            assertEquals(1, host.problems().size(), problems(host));
            assertEquals("future.jar (plugin 'future-plugin'): requires robustlab API '>=2.0.0' but this host provides API " + org.robustlab.api.RobustlabApi.VERSION + ";"
                    + " rebuild the plugin against API " + org.robustlab.api.RobustlabApi.VERSION + " or use a matching robustlab", host.problems().get(0).toString());
            assertEquals(List.of("pgd"), host.registry().names(ExtensionKind.ATTACK));
        }
    }

    @Test
    void exceptionAtStartIsReported() throws Exception {
        new PluginJarBuilder(dir.resolve("failstart.jar"), "failstart").manifest("Plugin-Class",
                Fixtures.FailingStartPlugin.class.getName()).add(Fixtures.FailingStartPlugin.class)
                .add(Fixtures.RandomLike.class).extension(Fixtures.FgsmLike.class).build();
        try (PluginHost host = loadWithGood()) {
            assertEquals(1, host.problems().size(), problems(host));
            assertTrue(problems(host).contains("failstart.jar (plugin 'failstart'): failed to start: boom in start"), problems(host));
            assertEquals(List.of("pgd"), host.registry().names(ExtensionKind.ATTACK));
        }
    }

    @Test
    void exceptionInExtensionConstructorIsReported() throws Exception {
        new PluginJarBuilder(dir.resolve("ctor.jar"), "ctor-plugin").add(Fixtures.RandomLike.class)
                .extension(Fixtures.ThrowingAttack.class).build();
        try (PluginHost host = loadWithGood()) {
            assertEquals(1, host.problems().size(), problems(host));
            assertTrue(problems(host).contains("ctor.jar (plugin 'ctor-plugin'): extension "
                    + Fixtures.ThrowingAttack.class.getName() + " is unusable"), problems(host));
            assertTrue(problems(host).contains("boom in constructor"), problems(host));
            RobustlabException e = assertThrows(RobustlabException.class, () -> host.registry().find(ExtensionKind.ATTACK, "boom"));
            assertTrue(e.getMessage().contains("could not be used") && e.getMessage().contains("ctor.jar (plugin 'ctor-plugin')"),
                    e.getMessage());
        }
    }

    @Test
    void duplicatePluginIdIsReported() throws Exception {
        new PluginJarBuilder(dir.resolve("zz-duplicate.jar"), "good-plugin").add(Fixtures.RandomLike.class)
                .extension(Fixtures.FgsmLike.class).build();
        try (PluginHost host = loadWithGood()) {
            assertEquals(1, host.problems().size(), problems(host));
            assertEquals("zz-duplicate.jar", host.problems().get(0).file().getFileName().toString());
            assertTrue(problems(host).contains("plugin id 'good-plugin' is already loaded from " + dir.resolve("good.jar")),
                    problems(host));
        }
    }

    @Test
    void sameNameFromTwoPluginsNeedsTheQualifiedForm() throws Exception {
        new PluginJarBuilder(dir.resolve("other.jar"), "other-plugin").add(Fixtures.RandomLike.class)
                .extension(Fixtures.PgdLike.class).build();
        try (PluginHost host = loadWithGood()) {
            RobustlabException e = assertThrows(RobustlabException.class, () -> host.registry().find(ExtensionKind.ATTACK, "pgd"));
            assertEquals("attack 'pgd' is offered by 2 plugins: 'good-plugin:pgd', 'other-plugin:pgd'; write the qualified"
                    + " form to pick one, e.g. attack 'good-plugin:pgd'", e.getMessage());
            assertEquals("other-plugin", host.registry().find(ExtensionKind.ATTACK, "other-plugin:pgd").pluginId());
        }
    }

    /**
     * Isolation: a library class the plugin bundles wins over the host's copy inside that plugin,
     * while API classes bundled by mistake are still taken from the host (else the extension would
     * not be an {@code Attack} to the host).
     */
    @Test
    void bundledLibrariesArePluginFirstAndTheApiIsHostFirst() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/org/robustlab/core/testkit"));
        Files.writeString(src.resolve("BundledLibrary.java"), "package org.robustlab.core.testkit;\n"
                + "public final class BundledLibrary { public static String version() { return \"plugin\"; } }\n");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.resolve("BundledLibrary.java").toString());
        assertEquals(0, rc, "javac");
        byte[] pluginCopy = Files.readAllBytes(classes.resolve("org/robustlab/core/testkit/BundledLibrary.class"));
        byte[] apiCopy;
        try (var in = Attack.class.getClassLoader().getResourceAsStream("org/robustlab/api/Attack.class")) {
            apiCopy = in.readAllBytes();
        }
        new PluginJarBuilder(dir.resolve("bundling.jar"), "bundling-plugin").add(Fixtures.RandomLike.class)
                .addBytes(BundledLibrary.class.getName(), pluginCopy).addBytes(Attack.class.getName(), apiCopy)
                .extension(Fixtures.BundledLibraryAttack.class).build();
        try (PluginHost host = PluginHost.load(List.of(dir))) {
            assertTrue(host.problems().isEmpty(), problems(host));
            ExtensionInfo info = host.registry().find(ExtensionKind.ATTACK, "bundled");
            assertTrue(Attack.class.isAssignableFrom(info.type()), "the API comes from the host");
            assertEquals("library plugin", info.description(), "the plugin sees its own copy of the library");
            assertEquals("host", BundledLibrary.version(), "the host keeps its copy");
        }
    }

    @Test
    void missingPluginsFolderIsAnError() {
        RobustlabException e = assertThrows(RobustlabException.class, () -> PluginHost.load(List.of(dir.resolve("nope"))));
        assertTrue(e.getMessage().contains("nope does not exist"), e.getMessage());
    }
}
