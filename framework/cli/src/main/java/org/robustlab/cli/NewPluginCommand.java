package org.robustlab.cli;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.robustlab.api.RobustlabException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code robustlab new-plugin --kind attack --name my-attack}: writes a plugin project that builds
 * on its own against the installed robustlab API: a pom with the PF4J descriptor wiring, an
 * extension with a parameter, a test and a README. Naming rule: the plugin id is {@code --name};
 * the DSL keyword is its camelCase form ({@code my-attack} → {@code myAttack}).
 */
@Command(name = "new-plugin", mixinStandardHelpOptions = true, description = "Write a ready-to-build plugin project.")
final class NewPluginCommand implements Callable<Integer> {
    enum Kind { attack, analyzer }

    @Option(names = "--kind", required = true, description = "extension point: ${COMPLETION-CANDIDATES}")
    Kind kind;

    @Option(names = "--name", required = true, description = "plugin id, e.g. my-attack (lower case, digits, '-')")
    String name;

    @Option(names = "--dir", description = "parent folder of the new project (default: the current folder)")
    Path dir = Path.of(".");

    @Option(names = "--package", description = "Java package (default: org.example.<name without '-'>)")
    String javaPackage;

    @Option(names = "--group", description = "Maven groupId (default ${DEFAULT-VALUE})")
    String groupId = "org.example";

    @Option(names = "--debug", description = "show stack traces")
    boolean debug;

    @Override
    public Integer call() {
        if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new RobustlabException("--name '" + name + "' must be lower case letters and digits separated by '-', e.g. my-attack");
        }
        String keyword = camel(name);
        String className = Character.toUpperCase(keyword.charAt(0)) + keyword.substring(1);
        String pkg = javaPackage != null ? javaPackage : groupId + "." + name.replace("-", "");
        if (!pkg.matches("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*")) {
            throw new RobustlabException("--package '" + pkg + "' is not a Java package name; e.g. --package org.example.myattack");
        }
        Path project = dir.resolve(name);
        if (Files.exists(project)) {
            throw new RobustlabException(project + " already exists; choose another --name or --dir (nothing was written)");
        }
        Properties versions = versions();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", name);
        view.put("kind", kind.name());
        view.put("keyword", keyword);
        view.put("className", className);
        view.put("package", pkg);
        view.put("groupId", groupId);
        view.put("version", "0.1.0");
        view.put("description", kind == Kind.attack ? "random-sign L-inf attack (template from robustlab new-plugin)"
                : "fraction of active hidden units (template from robustlab new-plugin)");
        view.put("example", kind == Kind.attack ? "encoder mlp(hidden: 64, epochs: 1); attack " + keyword
                : "encoder mlp(hidden: 64, epochs: 1); analyze " + keyword);
        view.put("robustlabVersion", versions.getProperty("robustlab"));
        view.put("apiVersion", versions.getProperty("api"));
        view.put("nd4jVersion", versions.getProperty("nd4j"));
        view.put("pf4jVersion", versions.getProperty("pf4j"));
        view.put("javacppVersion", versions.getProperty("javacpp"));
        view.put("openblasVersion", versions.getProperty("openblas"));
        view.put("junitVersion", versions.getProperty("junit"));
        String kindTemplate = kind == Kind.attack ? "Attack" : "Analyzer";
        Path src = project.resolve("src/main/java/" + pkg.replace('.', '/'));
        Path test = project.resolve("src/test/java/" + pkg.replace('.', '/'));
        Path tmp = dir.resolve("." + name + ".tmp");
        try {
            // Written to a temporary folder and renamed, so a failure leaves no half project behind.
            Path tsrc = tmp.resolve(project.relativize(src)), ttest = tmp.resolve(project.relativize(test));
            Files.createDirectories(tsrc);
            Files.createDirectories(ttest);
            Files.writeString(tmp.resolve("pom.xml"), render("pom.xml.mustache", view));
            Files.writeString(tmp.resolve("README.md"), render("README.md.mustache", view));
            Files.writeString(tsrc.resolve(className + ".java"), render(kindTemplate + ".java.mustache", view));
            Files.writeString(ttest.resolve(className + "Test.java"), render(kindTemplate + "Test.java.mustache", view));
            Files.move(tmp, project);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("wrote " + project + " (" + kind + " '" + keyword + "', class " + pkg + "." + className + ")");
        System.out.println("build it:  (cd " + project + " && mvn package)   or   ./mvnw -f " + project.resolve("pom.xml") + " package");
        System.out.println("use it:    ./robustlab run --plugins-dir " + project.resolve("target") + " -e '" + view.get("example") + "'");
        return 0;
    }

    static String camel(String id) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : id.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    private static Properties versions() {
        Properties p = new Properties();
        try (InputStream in = NewPluginCommand.class.getResourceAsStream("scaffold/versions.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("scaffold/versions.properties missing from the robustlab-cli jar", e);
        }
        return p;
    }

    /** Mustache without HTML escaping: the output is Java, XML built from checked names, and Markdown. */
    private static String render(String template, Map<String, Object> view) {
        DefaultMustacheFactory factory = new DefaultMustacheFactory("org/robustlab/cli/scaffold") {
            @Override
            public void encode(String value, Writer writer) {
                try {
                    writer.write(value);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        Mustache m = factory.compile(template);
        StringWriter w = new StringWriter();
        m.execute(w, view);
        return w.toString();
    }
}
