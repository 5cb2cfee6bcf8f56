package io.socketgrid.protocol.files;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileNamesTest {

    @Test
    void pathsAreCutToTheirLastSegment() {
        assertEquals("passwd", FileNames.sanitise("../../etc/passwd"));
        assertEquals("shadow", FileNames.sanitise("/etc/shadow"));
        assertEquals("win.ini", FileNames.sanitise("C:\\Windows\\win.ini"));
        assertEquals("file", FileNames.sanitise(".."));
        assertEquals("file", FileNames.sanitise("dir/"));
    }

    @Test
    void hiddenNamesAndOddCharactersAreMadeSafe() {
        assertEquals("bashrc", FileNames.sanitise(".bashrc"));
        assertEquals("a_b.txt", FileNames.sanitise("a\u0001\u0002b.txt"));
        assertEquals("report (final).pdf", FileNames.sanitise("report (final).pdf"));
        assertEquals("Übersicht 北京.txt", FileNames.sanitise("Übersicht 北京.txt"));
        assertEquals("a_b_c", FileNames.sanitise("a<b>|c"));
        assertEquals("file", FileNames.sanitise("***"));
        assertEquals("x.tar.gz", FileNames.sanitise("x..tar.gz"));
    }

    @Test
    void longNamesAreShortenedKeepingTheExtension() {
        String name = FileNames.sanitise("n".repeat(500) + ".jpeg");
        assertEquals(FileNames.MAX_STORED_LENGTH, name.length());
        assertTrue(name.endsWith(".jpeg"));
    }

    @Test
    void namesThatCannotBeTakenSaySo() {
        assertNotNull(FileNames.problem("a\0b"));
        assertNotNull(FileNames.problem("x".repeat(10_000)));
        assertNotNull(FileNames.problem(""));
        assertNotNull(FileNames.problem(null));
        assertNull(FileNames.problem("../../etc/passwd"), "sanitised, not refused");
    }

    @Test
    void alternativesNumberTheBaseName() {
        assertEquals("report (2).pdf", FileNames.alternative("report.pdf", 2));
        assertEquals("README (1)", FileNames.alternative("README", 1));
    }
}
