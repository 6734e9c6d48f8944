package org.robustlab.site;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.robustlab.core.results.AtomicFiles;
import org.robustlab.core.results.Json;
import org.robustlab.core.results.manifest.StudyManifest;

/**
 * Writes {@code DIR/site/index.html} from a study's saved results ({@code study.json} and the
 * files it names). Every asset is copied in, so the site works from {@code file://} and any
 * static host. Mustache escapes every user-controlled string; data for the plots travels as
 * JSON inside a script tag with {@code <} escaped.
 */
public final class SiteGenerator {
    static final String PLOTLY = "META-INF/resources/webjars/plotly.js-dist/2.35.3/plotly.js";

    private SiteGenerator() {
    }

    /** Generates the site and returns its folder; skipped files are reported on standard error. */
    public static Path generate(Path studyDir) {
        return generate(studyDir, line -> System.err.println("site: skipped " + line));
    }

    /**
     * Generates the site and returns its folder. A section whose result files are missing or unreadable is
     * left out, listed on the page ("Skipped") and passed to {@code skipped}, file and reason; only a missing
     * or unreadable {@code study.json} stops it.
     */
    public static Path generate(Path studyDir, java.util.function.Consumer<String> skipped) {
        StudyManifest study = StudyManifest.read(studyDir);
        List<String> skips = new ArrayList<>();
        Path site = studyDir.resolve("site");
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // figures render off-screen, with or without a display
        }
        Map<String, Object> view = SiteModel.build(studyDir, study, skips);
        @SuppressWarnings("unchecked")
        List<Map<String, String>> figures = SiteModel.section(skips, "static figures",
                () -> StaticFigures.write(studyDir, site, (Map<String, Object>) view.get("plots"),
                        (String) view.get("landscapeFile")), List.of());
        view.put("figures", figures);
        view.put("hasFigures", !figures.isEmpty());
        view.put("dataJson", scriptSafe(Json.bytes(view.get("plots"))));
        view.put("files", downloads(studyDir));
        view.put("hasSkipped", !skips.isEmpty());
        skips.forEach(skipped);
        String html = render("index.mustache", view);
        copyResource(PLOTLY, site.resolve("assets/plotly.min.js"));
        copyResource("org/robustlab/site/robustlab.js", site.resolve("assets/robustlab.js"));
        copyResource("org/robustlab/site/robustlab.css", site.resolve("assets/robustlab.css"));
        AtomicFiles.write(site.resolve("index.html"), html.getBytes(StandardCharsets.UTF_8));
        return site;
    }

    static String render(String template, Map<String, Object> view) {
        Mustache m = new DefaultMustacheFactory("org/robustlab/site").compile(template);
        StringWriter w = new StringWriter();
        m.execute(w, view);
        return w.toString();
    }

    /** JSON that cannot close the surrounding script tag. */
    static String scriptSafe(byte[] json) {
        return new String(json, StandardCharsets.UTF_8).replace("<", "\\u003c").replace(">", "\\u003e")
                .replace("&", "\\u0026");
    }

    private static List<Map<String, String>> downloads(Path studyDir) {
        List<Map<String, String>> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(studyDir)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> !studyDir.relativize(p).startsWith("site"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .forEach(p -> files.add(Map.of("path", "../" + studyDir.relativize(p).toString().replace('\\', '/'),
                            "name", studyDir.relativize(p).toString().replace('\\', '/'),
                            "size", String.format("%,d B", size(p)))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void copyResource(String resource, Path target) {
        try (InputStream in = Objects.requireNonNull(SiteGenerator.class.getClassLoader().getResourceAsStream(resource),
                "missing resource " + resource)) {
            byte[] bytes = in.readAllBytes();
            if (Files.exists(target) && Files.size(target) == bytes.length) {
                return;
            }
            AtomicFiles.write(target, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
