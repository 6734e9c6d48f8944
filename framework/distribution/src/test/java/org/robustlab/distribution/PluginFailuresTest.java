package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure case of a third-party plugin, with jars built by the plugin kit: a corrupt jar, a
 * jar without descriptor, a duplicate plugin id, an extension whose constructor throws, and
 * extensions that throw inside an attack or analyzer call. Each is reported with file, plugin id
 * and reason; the other plugins keep loading; a failing study step keeps every finished result.
 */
class PluginFailuresTest {
    @TempDir
    static Path dir;
    static Path plugins;

    @BeforeAll
    static void buildBrokenPlugins() throws Exception {
        Path failing = PluginProjects.scaffold("attack", "demo-failing", dir);
        PluginProjects.edit(failing.resolve("src/main/java/org/example/demofailing/DemoFailing.java"),
                "double[] v = x.castTo(", "if (epsilon > 0) {\n            throw new IllegalStateException(\"demo failure at epsilon \" + epsilon);\n        }\n        double[] v = x.castTo(");
        Path crash = PluginProjects.scaffold("analyzer", "demo-crash", dir);
        PluginProjects.edit(crash.resolve("src/main/java/org/example/democrash/DemoCrash.java"),
                "int n = Math.min(", "if (samples > 0) {\n            throw new ArithmeticException(\"demo analyzer failure\");\n        }\n        int n = Math.min(");
        Path ctor = PluginProjects.scaffold("analyzer", "demo-ctor", dir);
        PluginProjects.edit(ctor.resolve("src/main/java/org/example/democtor/DemoCtor.java"),
                "int samples = 500;", "int samples = 500;\n\n    public DemoCtor() {\n        throw new IllegalStateException(\"demo constructor failure\");\n    }");
        // The scaffold's own tests exercise the code paths made to throw; the jars are what matter here.
        plugins = Files.createDirectories(dir.resolve("plugins"));
        for (Path p : new Path[]{failing, crash, ctor}) {
            String id = p.getFileName().toString();
            Path jar = PluginProjects.build(withoutTests(p), id + "-0.1.0.jar");
            Files.copy(jar, plugins.resolve(jar.getFileName()));
        }
        byte[] bytes = Files.readAllBytes(plugins.resolve("demo-failing-0.1.0.jar"));
        Files.write(plugins.resolve("corrupt-0.1.0.jar"), Arrays.copyOf(bytes, bytes.length / 2));
        stripDescriptor(plugins.resolve("demo-failing-0.1.0.jar"), plugins.resolve("nodesc-0.1.0.jar"));
        Files.copy(plugins.resolve("demo-crash-0.1.0.jar"), plugins.resolve("zz-demo-crash-copy.jar"));
    }

    private static Path withoutTests(Path project) throws Exception {
        try (var files = Files.walk(project.resolve("src/test"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        return project;
    }

    /** The same classes and extension index, but a manifest without the PF4J Plugin-* attributes. */
    private static void stripDescriptor(Path from, Path to) throws Exception {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(from))) {
            Manifest m = new Manifest();
            m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(to), m)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
    }

    @Test
    void eachBrokenJarIsReportedAndTheOthersLoad() {
        Cli listed = Cli.run("plugins", "--plugins-dir", plugins.toString());
        String all = listed.out() + listed.err();
        assertTrue(all.lines().anyMatch(l -> l.matches("attack\\s+demoFailing\\s+demo-failing\\s+0\\.1\\.0\\s+.*")), all);
        assertTrue(all.lines().anyMatch(l -> l.matches("analyzer\\s+demoCrash\\s+demo-crash\\s+0\\.1\\.0\\s+.*")), all);
        assertTrue(all.lines().anyMatch(l -> l.matches("encoder\\s+mlp\\s+robustlab-encoders\\s+.*")), "built-ins still load:\n" + all);
        assertTrue(all.contains("corrupt-0.1.0.jar: not loaded: the file is not a readable jar/zip archive"), all);
        assertTrue(all.contains("nodesc-0.1.0.jar") && all.contains("Plugin-Id"), all);
        assertTrue(all.contains("zz-demo-crash-copy.jar (plugin 'demo-crash'): not loaded: plugin id 'demo-crash' is already loaded from "
                + plugins.resolve("demo-crash-0.1.0.jar")), all);
        assertTrue(all.contains("demo-ctor-0.1.0.jar (plugin 'demo-ctor')") && all.contains("demo constructor failure"), all);
    }

    @Test
    void aFailingStepFailsAloneAndKeepsEveryFinishedResult() throws Exception {
        Path out = dir.resolve("study");
        Cli run = Cli.run("run", "--plugins-dir", plugins.toString(), "-e", "data sample(train: 100, test: 50);"
                + " encoder mlp(hidden: 16, epochs: 1, batch: 50); attack random(epsCount: 3); attack demoFailing(epsCount: 3);"
                + " analyze demoCrash; analyze cka(samples: 50)", "--out", out.toString());
        String all = run.out() + run.err();
        assertEquals(2, run.exit(), all);
        assertTrue(all.contains("attack 'demoFailing' (plugin demo-failing 0.1.0, demo-failing-0.1.0.jar) on model 'mlp':"
                + " IllegalStateException: demo failure at epsilon"), all);
        assertTrue(all.contains("analyzer 'demoCrash' (plugin demo-crash 0.1.0, demo-crash-0.1.0.jar): ArithmeticException: demo"
                + " analyzer failure"), all);
        assertTrue(all.contains("finished results were kept"), all);
        assertTrue(Files.exists(out.resolve("models/mlp/model.json")));
        assertTrue(Files.exists(out.resolve("attacks/mlp/random.csv")));
        assertTrue(Files.exists(out.resolve("analyses/cka/cka.csv")));
        assertTrue(Files.exists(out.resolve("site/index.html")));
        String manifest = Files.readString(out.resolve("study.json"));
        assertTrue(manifest.contains("\"status\" : \"failed\"") || manifest.contains("\"status\":\"failed\""), manifest);
        assertTrue(manifest.contains("demo failure at epsilon") && manifest.contains("demo analyzer failure"), manifest);
    }

    @Test
    void usingAnExtensionThatFailedToLoadSaysWhy() {
        Cli run = Cli.run("run", "--plugins-dir", plugins.toString(), "-e", "data sample(train: 100, test: 50);"
                + " encoder mlp(hidden: 16, epochs: 1, batch: 50); analyze demoCtor", "--out", dir.resolve("ctor-study").toString());
        String all = run.out() + run.err();
        assertEquals(2, run.exit(), all);
        assertTrue(all.contains("analyzer 'demoCtor' is not available") && all.contains("could not be used")
                && all.contains("demo-ctor-0.1.0.jar (plugin 'demo-ctor')") && all.contains("demo constructor failure"), all);
    }
}
