package io.socketgrid.selenium;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.io.File;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every browser test class shares: one headless Chromium for the class, the WAR the build produced, and
 * the check after each test that no script failed in the browser.
 */
abstract class BrowserTest {

    static HeadlessChromium chromium;

    static WebArchive war() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("socketgrid.war")));
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @AfterEach
    void noScriptFailed() {
        assertEquals(List.of(), chromium.takeSevereConsoleEntries(), "severe entries in the browser console");
    }
}
