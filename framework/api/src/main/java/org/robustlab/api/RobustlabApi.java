package org.robustlab.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Version of this API, which plugins name in their {@code Plugin-Requires} manifest entry. */
public final class RobustlabApi {
    /** The API version, e.g. {@code 0.1.0}; a plugin requiring {@code >=0.1.0 & <1.0.0} accepts it. */
    public static final String VERSION = readVersion();

    private RobustlabApi() {
    }

    private static String readVersion() {
        try (InputStream in = RobustlabApi.class.getResourceAsStream("/robustlab-api.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException("robustlab-api.properties missing from the API jar", new IOException(e));
        }
    }
}
