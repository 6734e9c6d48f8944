package org.robustlab.api;

/**
 * A claim of a study script (since API 0.2.0), e.g. {@code claim 'KH most robust under PGD', 'kh > l2 > bp', on:
 * 'pgd.medianCriticalDistance'}: each link of the chain is evaluated on the metric by the {@code compare} analyzer.
 *
 * @param title   the claim in words (often the paper's sentence)
 * @param chain   model names joined by {@code >} or {@code <}
 * @param metric  {@code clean.accuracy} or {@code <attack label>.<medianCriticalDistance|auc|medianCriticalDistanceDrop|medianCriticalDistanceKM>}
 * @param where   the script location, for messages
 * @param within  the band [low, high] an interval must lie in, for a claim on one model's value ({@code claim 'SpecReg
 *                alpha about 1', 'specreg', on: 'powerlaw.cifar.alpha', within: [0.9, 1.1]}) or on the difference of two
 *                ({@code 'bp ~ specreg'}: "about equal"); null for a chain (since API 0.5.0)
 */
public record Claim(String title, String chain, String metric, String where, double[] within) {
    /** The relation of a {@link #within} claim on one model. */
    public static final String WITHIN = "within";
    /** The relation of a {@link #within} claim on the difference of two models, {@code 'a ~ b'}. */
    public static final String ABOUT = "~";

    /** A chain claim. */
    public Claim(String title, String chain, String metric, String where) {
        this(title, chain, metric, where, null);
    }

    /** One link of a chain: {@code a > b} or {@code a < b}; or {@code a within} the claim's band (b null). */
    public record Link(String a, String relation, String b) {
    }

    /**
     * The chain's links, {@code 'kh > l2 > bp'} → (kh > l2), (l2 > bp).
     *
     * @throws RobustlabException naming the claim's line when the chain is not names joined by {@code >} or {@code <}
     */
    public java.util.List<Link> links() {
        String at = where == null || where.isEmpty() ? "" : where + " ";
        if (within != null) {
            String[] pair = chain.split("~", -1);
            if (pair.length == 2 && !pair[0].isBlank() && !pair[1].isBlank() && !chain.matches(".*[<>].*")) {
                return java.util.List.of(new Link(pair[0].trim(), ABOUT, pair[1].trim()));
            }
            String model = chain.trim();
            if (model.isEmpty() || model.matches(".*[<>~].*")) {
                throw new RobustlabException(at + "claim '" + title + "': with within: the claim names one model ('specreg') or"
                        + " two joined by ~ ('bp ~ specreg'), not '" + chain + "'");
            }
            return java.util.List.of(new Link(model, WITHIN, null));
        }
        if (chain.contains("~")) {
            throw new RobustlabException(at + "claim '" + title + "': '" + chain + "' (about equal) needs within: [low, high],"
                    + " the band the difference must lie in");
        }
        // names alternate with relations: "kh > l2 > bp" → [kh, >, l2, >, bp]; names may contain spaces
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder name = new StringBuilder();
        for (char ch : chain.toCharArray()) {
            if (ch == '<' || ch == '>') {
                parts.add(name.toString().trim());
                parts.add(String.valueOf(ch));
                name.setLength(0);
            } else {
                name.append(ch);
            }
        }
        parts.add(name.toString().trim());
        String[] tokens = parts.toArray(new String[0]);
        java.util.List<Link> links = new java.util.ArrayList<>();
        if (tokens.length < 3 || tokens.length % 2 == 0) {
            throw bad();
        }
        for (int i = 0; i + 2 < tokens.length; i += 2) {
            String a = tokens[i].trim();
            String rel = tokens[i + 1].trim();
            String b = tokens[i + 2].trim();
            if (a.isEmpty() || b.isEmpty() || !(rel.equals(">") || rel.equals("<")) || a.matches(".*[<>].*") || b.matches(".*[<>].*")) {
                throw bad();
            }
            links.add(new Link(a, rel, b));
        }
        return links;
    }

    private RobustlabException bad() {
        return new RobustlabException((where == null || where.isEmpty() ? "" : where + " ") + "claim '" + title + "': chain '"
                + chain + "' must be model names joined by > or <, e.g. 'kh > l2 > bp'");
    }
}
