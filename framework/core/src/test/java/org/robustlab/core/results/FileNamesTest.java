package org.robustlab.core.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.robustlab.api.FileNames;

class FileNamesTest {
    @Test
    void plainNamesAreKept() {
        assertEquals("kh-b100", FileNames.of("kh-b100"));
        assertEquals("mlp+l2_1.0", FileNames.of("mlp+l2_1.0"));
    }

    @Test
    void otherNamesBecomeSafeAndStayDistinct() {
        String xss = FileNames.of("<script>alert(1)</script>");
        assertTrue(xss.matches("[A-Za-z0-9._+-]+"), xss);
        assertTrue(xss.startsWith("_script_alert_1__"), xss);
        assertNotEquals(FileNames.of("a b"), FileNames.of("a/b"));
        assertTrue(FileNames.of("..").matches("[A-Za-z0-9._+-]+") && !FileNames.of("..").equals(".."));
        assertTrue(FileNames.of("../../etc").indexOf('/') < 0);
        assertTrue(FileNames.of("é".repeat(200)).length() <= 69);
    }

    @Test
    void aPlainNameNeverTakesTheFolderOfAHashedOne() {
        String hashed = FileNames.of("a/b");
        assertTrue(hashed.matches("a_b-[0-9a-f]{8}"), hashed);
        assertNotEquals(hashed, FileNames.of(hashed), "model '" + hashed + "' would overwrite model 'a/b'");
        assertTrue(FileNames.of(hashed).matches("[A-Za-z0-9._+-]+"));
        assertEquals("run-2024", FileNames.of("run-2024"), "short numeric suffixes stay plain");
    }
}
