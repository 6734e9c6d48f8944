package org.robustlab.core.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.robustlab.core.data.Checksums;

/**
 * Content addresses (trained models, checkpoints, finished steps): SHA-256 of a canonical JSON
 * serialisation. Map entries and bean properties are sorted by key, so a key never depends on the
 * insertion order of a map or on the per-JVM iteration order of {@code Map.of} (which is salted at
 * start-up: the same study in two JVMs used to get different keys).
 */
public final class ContentKeys {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private ContentKeys() {
    }

    /** The canonical bytes of {@code value}: compact JSON, every map and object sorted by key. */
    public static byte[] canonicalBytes(Object value) {
        try {
            return CANONICAL.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise a content key input: " + e.getOriginalMessage(), e);
        }
    }

    /** Hex SHA-256 of {@link #canonicalBytes}. */
    public static String of(Object value) {
        return Checksums.sha256(canonicalBytes(value));
    }
}
