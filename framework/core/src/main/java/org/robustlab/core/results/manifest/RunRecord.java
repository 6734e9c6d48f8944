package org.robustlab.core.results.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One run into a study folder: when it started and ended, the build and environment it ran on, and the steps it
 * computed (not those it reused). A study resumed after a kill, on another machine or with another build of robustlab
 * lists one record per run, so a folder whose steps came from more than one build says which came from which.
 *
 * @param started     ISO instant
 * @param finished    ISO instant, null while it runs (or when it was killed)
 * @param environment {@link org.robustlab.core.study.Provenance#environment()} of that run (build, kernels, machine)
 * @param plugins     the plugins it loaded, with their jars' SHA-256
 * @param computed    the steps it computed, in order ("train kh", "attack pgd on kh", "analysis spectrum", ...); null
 *                    (absent in study.json) for a run that predates run records, whose steps are not known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(String started, String finished, Map<String, Object> environment, List<Map<String, Object>> plugins,
                        List<String> computed) {
    public RunRecord {
        computed = computed == null ? null : List.copyOf(computed);
    }

    /** The record of a folder written before runs were recorded: its last run, steps unknown (null). */
    public static RunRecord of(StudyManifest legacy) {
        return new RunRecord(legacy.started, legacy.finished, legacy.environment, legacy.plugins, null);
    }

    /** This record with the steps computed so far and, when given, its end (the current run's record only). */
    public RunRecord with(List<String> steps, String end) {
        return new RunRecord(started, end, environment, plugins, steps);
    }

    /** Whether the other run ran the same build: framework jars, plugin jars and commit alike (null fields unknown). */
    public boolean sameBuild(RunRecord other) {
        return java.util.Objects.equals(build(environment), build(other.environment))
                && java.util.Objects.equals(pluginJars(plugins), pluginJars(other.plugins));
    }

    private static Object build(Map<String, Object> env) {
        return env == null ? null : List.of(String.valueOf(env.get("robustlab")), String.valueOf(env.get("commit")),
                String.valueOf(env.get("frameworkJars")));
    }

    private static Object pluginJars(List<Map<String, Object>> plugins) {
        return plugins == null ? null : plugins.stream().map(p -> p.get("id") + "=" + p.get("sha256")).sorted().toList();
    }
}
