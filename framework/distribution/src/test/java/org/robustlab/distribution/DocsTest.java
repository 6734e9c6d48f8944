package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.robustlab.core.plugin.PluginHost;
import org.robustlab.core.plugin.PluginsMarkdown;
import org.robustlab.core.study.StudySpec;
import org.robustlab.dsl.StudyScriptLoader;

/** The documentation matches the software: links resolve, the plugin page is current, README's study loads. */
class DocsTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    static List<Path> pages() throws Exception {
        Path home = DslScriptsSmokeTest.home();
        List<Path> pages = new ArrayList<>(List.of(home.resolve("README.md"), home.resolve("CHANGELOG.md")));
        try (Stream<Path> s = Files.walk(home.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void everyRelativeLinkResolves() throws Exception {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
                    continue; // web links and anchors within the page
                }
                String file = target.replaceAll("#.*$", "");
                checked++;
                if (!Files.exists(page.getParent().resolve(file).normalize())) {
                    broken.add(DslScriptsSmokeTest.home().relativize(page) + ": " + target);
                }
            }
        }
        assertTrue(checked > 30, "links found: " + checked);
        assertEquals(List.of(), broken, "relative links that point nowhere");
    }

    @Test
    void readmeIsTheFrontDoorOfAtMost250Lines() throws Exception {
        List<String> lines = Files.readAllLines(DslScriptsSmokeTest.home().resolve("README.md"));
        assertTrue(lines.size() <= 250, "README has " + lines.size() + " lines; details belong in docs/");
        assertEquals("./robustlab run dsl-scripts/quickstart.groovy   # main job: quickstart study on the bundled CIFAR-10 sample",
                lines.get(6), "the quickstart command first");
        assertTrue(lines.get(7).startsWith("./mvnw -B install"), "then the tests");
        for (Path page : pages()) {
            String text = Files.readString(page);
            assertTrue(!Pattern.compile("\\b[Ss]ession \\d").matcher(text).find(),
                    page + " speaks of work sessions; documentation speaks of versions and dates");
        }
    }

    @Test
    void pluginsPageIsGeneratedFromTheCurrentPlugins() throws Exception {
        try (PluginHost host = PluginHost.load(List.of(DslScriptsSmokeTest.plugins()))) {
            String expected = PluginsMarkdown.of(host.registry());
            String actual = Files.readString(DslScriptsSmokeTest.home().resolve("docs/plugins.md"));
            assertEquals(expected, actual, "docs/plugins.md is stale: regenerate it with"
                    + " ./robustlab plugins --markdown > docs/plugins.md");
        }
    }

    @Test
    void readmeStudyLoadsAgainstTheRealPlugins() throws Exception {
        String readme = Files.readString(DslScriptsSmokeTest.home().resolve("README.md"));
        Matcher m = Pattern.compile("```groovy\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README shows a study script");
        try (PluginHost host = PluginHost.load(List.of(DslScriptsSmokeTest.plugins()))) {
            StudySpec spec = new StudyScriptLoader(host.registry()).load(m.group(1), "README.md");
            assertEquals(3, spec.models.size());
            assertEquals(3, spec.attacks.size());
        }
    }
}
