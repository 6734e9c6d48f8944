package org.robustlab.api;

import java.util.List;
import java.util.Objects;

/**
 * A section of the results site that an extension's files fill: the site renders it by its {@code kind}, so a
 * third-party analyzer's results get a section without the site knowing the plugin. Since API 0.5.0.
 *
 * <p>Generic kinds any plugin can use: {@link #TABLE} (a CSV with a header row, shown as a table), {@link #LINES}
 * (a CSV whose first column is x and every other column a curve), {@link #IMAGE} (PNG, SVG or JPEG files). The
 * other kinds name the JSON formats of the built-in analyses, which docs/results-format.md describes; a plugin
 * writing the same format may use them too.
 *
 * @param kind  how the site renders the files (one of the constants here; an unknown kind is listed as skipped)
 * @param title the section's heading
 * @param files the files, relative to the study folder (e.g. {@code analyses/<name>/table.csv}); each must exist
 *              when the extension's step ends
 */
public record SiteView(String kind, String title, List<String> files) {
    public static final String TABLE = "table";
    public static final String LINES = "lines";
    public static final String IMAGE = "image";
    /** {@code analyses/spectrum/spectra.json}: eigenvalue curves per input and subject. */
    public static final String SPECTRA = "spectra";
    /** {@code fits.json} of power-law fits, one row per spectrum. */
    public static final String POWER_LAW_FITS = "power-law-fits";
    /** {@code landscape.json} with per-model Jacobian, class and confidence grids. */
    public static final String LANDSCAPE = "landscape";
    /** {@code stir.json}: STIR matrices with intervals and inversion losses. */
    public static final String STIR = "stir";
    /** {@code cka.json}: CKA matrices. */
    public static final String CKA = "cka";
    /** {@code claims.json}: each claim with its verdict and links. */
    public static final String CLAIMS = "claims";
    /** A model's synapse-variance CSV, its {@code model.json} and the before/after pruning tiles. */
    public static final String SYNAPSES = "synapses";

    public SiteView {
        Objects.requireNonNull(kind, "kind");
        title = title == null ? kind : title;
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a site view needs at least one file");
        }
    }

    /** A view of one file. */
    public static SiteView of(String kind, String title, String file) {
        return new SiteView(kind, title, List.of(file));
    }
}
