package io.socketgrid.selenium;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file-transfer page in headless Chromium against the WAR in a real Payara Micro: a file chosen with
 * the page's file input uploads, its progress reaches 100 %, and the page shows the SHA-256 the server
 * verified, equal to the file's own, in the transfer and in the list of stored files.
 */
@ExtendWith(ArquillianExtension.class)
class FileTransferPageIT extends BrowserTest {

    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration TRANSFER = Duration.ofSeconds(60);

    @ArquillianResource
    private URL base;

    @TempDir
    Path folder;

    @Deployment(testable = false)
    static WebArchive socketgrid() {
        return war();
    }

    /** A file of {@code size} random bytes, named {@code name}; returns its SHA-256 (hex). */
    static String generate(Path file, int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Files.write(file, bytes);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Opens the file-transfer page of {@code node} and waits for its connection; returns its socket id. */
    static String openFilePage(WebDriver driver, URL node) {
        String root = HeadlessChromium.onLoopback(node).toString();
        driver.get((root.endsWith("/") ? root : root + "/") + "file-transfer.html");
        chromium.waitAtMost(CONNECT).withMessage("the file-transfer page to connect")
                .until(d -> d.findElement(By.id("socket-id")).getText().contains("."));
        return driver.findElement(By.id("socket-id")).getText();
    }

    /** Waits for the transfer row of {@code name} to reach {@code state}; returns the row. */
    static WebElement awaitTransfer(WebDriver driver, String name, String state) {
        By row = By.xpath("//li[contains(@class,'transfer')][.//*[contains(@class,'name') and text()='" + name + "']]");
        chromium.waitAtMost(TRANSFER).withMessage(() -> name + " to be " + state + "; rows: "
                        + driver.findElements(By.cssSelector("li.transfer")).stream()
                        .map(r -> r.getAttribute("data-state") + " " + r.getText().replace('\n', ' ')).toList())
                .until(d -> d.findElements(row).stream().anyMatch(r -> state.equals(r.getAttribute("data-state"))));
        return driver.findElement(row);
    }

    @Test
    void anUploadChosenOnThePageShowsTheVerifiedChecksum() throws Exception {
        String name = "page-upload-" + System.nanoTime() + ".bin";
        Path file = folder.resolve(name);
        String sha256 = generate(file, 3_000_000);
        WebDriver driver = chromium.driver();
        openFilePage(driver, base);

        driver.findElement(By.id("file-input")).sendKeys(file.toString());
        WebElement row = awaitTransfer(driver, name, "verified");
        assertEquals("100 %", row.findElement(By.cssSelector(".percent")).getText());
        assertEquals(sha256, row.findElement(By.cssSelector(".sha256")).getText(), "the SHA-256 the server verified");
        assertTrue(row.findElement(By.cssSelector("a.download")).getAttribute("href").contains("socketgrid/files/"));

        chromium.waitAtMost(TRANSFER).withMessage("the stored file to be listed with its checksum")
                .until(d -> d.findElements(By.cssSelector("#stored li.stored-file")).stream()
                        .anyMatch(item -> item.getText().contains(name) && item.getText().contains(sha256)));
    }
}
