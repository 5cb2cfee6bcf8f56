package io.socketgrid.selenium;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Browser tabs on two clustered Payara Micro instances: on the channels page each sees the other's channel
 * messages; on the file-transfer page a file sent from one tab to the other's socket id arrives verified; the
 * monitor page, opened on one instance while a ping-pong stream runs on each, lists both instances with their
 * throughput and draws its charts (its screenshot is kept as a test artefact: system property
 * {@code socketgrid.screenshots}, target/screenshots by default).
 */
@ExtendWith(ArquillianExtension.class)
class AcrossInstancesIT extends BrowserTest {

    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration DELIVERY = Duration.ofSeconds(15);
    /** Samples are taken once a second; an instance's first ones may take a while after a cold start. */
    private static final Duration SAMPLES = Duration.ofSeconds(45);
    /** Pixels of the first instance's series colour (#1f6feb) that make a drawn line. */
    private static final long LINE_PIXELS = 30;

    @TempDir
    Path folder;

    @ArquillianResource
    @OperateOnDeployment("a")
    private URL a;

    @ArquillianResource
    @OperateOnDeployment("b")
    private URL b;

    @Deployment(name = "a", testable = false)
    @TargetsContainer("node-a")
    static WebArchive nodeA() {
        return war();
    }

    @Deployment(name = "b", testable = false)
    @TargetsContainer("node-b")
    static WebArchive nodeB() {
        return war();
    }

    @Test
    void tabsOnTwoInstancesSeeEachOthersChannelMessages() {
        WebDriver driver = chromium.driver();
        String tabA = openChannelsPage(driver, a);
        driver.switchTo().newWindow(WindowType.TAB);
        String tabB = openChannelsPage(driver, b);

        driver.switchTo().window(tabA);
        String nodeA = text(driver, "node-id");
        driver.switchTo().window(tabB);
        String nodeB = text(driver, "node-id");
        assertNotEquals(nodeA, nodeB, "the tabs are connected to different instances");

        publish(driver, "hello from B");
        driver.switchTo().window(tabA);
        awaitMessage(driver, "selenium-room: hello from B");
        publish(driver, "hello from A");
        driver.switchTo().window(tabB);
        awaitMessage(driver, "selenium-room: hello from A");
        awaitMessage(driver, "selenium-room: hello from B");
    }

    /** Opens the channels page of {@code node}, waits for the connection and subscribes; returns the tab. */
    private static String openChannelsPage(WebDriver driver, URL node) {
        driver.get(page(node, "channels.html"));
        chromium.waitAtMost(CONNECT).withMessage("the channels page to connect")
                .until(d -> "connected".equals(text(d, "state")) && !"–".equals(text(d, "node-id")));
        driver.findElement(By.id("channel")).clear();
        driver.findElement(By.id("channel")).sendKeys("selenium-room");
        driver.findElement(By.id("subscribe")).click();
        chromium.waitAtMost(CONNECT).withMessage("the subscription to show")
                .until(d -> "selenium-room".equals(text(d, "subscriptions")));
        return driver.getWindowHandle();
    }

    private static void publish(WebDriver driver, String message) {
        driver.findElement(By.id("message")).sendKeys(message);
        driver.findElement(By.id("publish")).click();
        awaitMessage(driver, "selenium-room: " + message);
    }

    private static void awaitMessage(WebDriver driver, String line) {
        chromium.waitAtMost(DELIVERY).withMessage(() -> "'" + line + "' in the received log")
                .until(d -> d.findElements(By.cssSelector("#messages li.message")).stream()
                        .anyMatch(item -> item.getText().equals(line)));
    }

    private static String text(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).getText();
    }

    @Test
    void aFileSentFromATabOnAReachesATabOnB() throws Exception {
        WebDriver driver = chromium.driver();
        String name = "across-" + System.nanoTime() + ".bin";
        Path file = folder.resolve(name);
        String sha256 = FileTransferPageIT.generate(file, 2_000_000);

        FileTransferPageIT.openFilePage(driver, a);
        String tabA = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        String receiverId = FileTransferPageIT.openFilePage(driver, b);
        String tabB = driver.getWindowHandle();

        driver.switchTo().window(tabA);
        driver.findElement(By.id("peer-id")).sendKeys(receiverId);
        driver.findElement(By.id("file-input")).sendKeys(file.toString());

        driver.switchTo().window(tabB);
        chromium.waitAtMost(DELIVERY).withMessage("the offer to appear on B")
                .until(d -> !d.findElements(By.cssSelector("li.transfer button.accept")).isEmpty());
        driver.findElement(By.cssSelector("li.transfer button.accept")).click();
        WebElement received = FileTransferPageIT.awaitTransfer(driver, name, "verified");
        assertEquals(sha256, received.findElement(By.cssSelector(".sha256")).getText());

        driver.switchTo().window(tabA);
        WebElement sent = FileTransferPageIT.awaitTransfer(driver, name, "verified");
        assertEquals("100 %", sent.findElement(By.cssSelector(".percent")).getText());
    }

    @Test
    void monitorPageListsBothInstancesWithTheirThroughputWhileALoadRuns() throws IOException {
        WebDriver driver = chromium.driver();
        String home = driver.getWindowHandle();
        Dimension size = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(1400, 2600)); // the whole monitor page in the screenshot
        try {
            driver.switchTo().newWindow(WindowType.TAB);
            String nodeA = startPingStream(driver, a);
            driver.switchTo().newWindow(WindowType.TAB);
            String nodeB = startPingStream(driver, b);
            assertNotEquals(nodeA, nodeB, "the load runs on both instances");

            driver.switchTo().newWindow(WindowType.TAB);
            driver.get(page(a, "monitor.html"));
            chromium.waitAtMost(SAMPLES)
                    .withMessage(() -> "instances " + nodeA + " and " + nodeB + " listed up with messages in per second"
                            + " > 0; rows: " + memberRows(driver) + "; notices: '" + text(driver, "notices") + "'")
                    .until(d -> busyInstances(d).containsAll(Set.of(nodeA, nodeB)));
            assertEquals("", text(driver, "notices"), "no error shown");
            assertTrue(number(text(driver, "cluster-in")) > 0, "cluster messages in per second: " + text(driver, "cluster-in"));
            chromium.waitAtMost(SAMPLES).withMessage("a line in the messages-in chart")
                    .until(d -> seriesPixels(d, "chart-messages-in") >= LINE_PIXELS);

            saveScreenshot(driver, "monitor-page.png");
        } finally {
            closeTabsBut(driver, home); // ends the ping streams
            driver.manage().window().setSize(size);
        }
    }

    private static void closeTabsBut(WebDriver driver, String keep) {
        for (String tab : driver.getWindowHandles()) {
            if (!tab.equals(keep)) {
                driver.switchTo().window(tab).close();
            }
        }
        driver.switchTo().window(keep);
    }

    /** Opens the ping-pong page of {@code node}, starts its stream; returns the id of the node it is on. */
    private static String startPingStream(WebDriver driver, URL node) {
        driver.get(page(node, "ping-pong.html"));
        chromium.waitAtMost(CONNECT).withMessage("the ping-pong page to connect")
                .until(d -> "connected".equals(text(d, "state")) && text(d, "socket-id").contains("."));
        driver.findElement(By.id("stream-toggle")).click();
        chromium.waitAtMost(CONNECT).withMessage("pongs to arrive")
                .until(d -> text(d, "pong-count").matches("\\d+"));
        return text(driver, "socket-id").split("\\.")[0];
    }

    /** The instances the members table shows up and with messages in per second above zero. */
    private static Set<String> busyInstances(WebDriver driver) {
        return memberRows(driver).stream()
                .filter(row -> "up".equals(row.get(1)) && number(row.get(2)) > 0)
                .map(row -> row.get(0))
                .collect(Collectors.toSet());
    }

    /**
     * The members table as {@code [node, status, messages in per second]} rows, read in one script: the page
     * redraws its rows every second, so elements found one call earlier may be gone.
     */
    @SuppressWarnings("unchecked")
    private static List<List<String>> memberRows(WebDriver driver) {
        return (List<List<String>>) ((JavascriptExecutor) driver).executeScript("""
                return [...document.querySelectorAll('#members tbody tr')].map((row) =>
                  [row.dataset.node, row.dataset.status, row.cells[5].textContent]);""");
    }

    /** How many pixels of the chart's canvas have the first instance's series colour. */
    private static long seriesPixels(WebDriver driver, String chartId) {
        Object count = ((JavascriptExecutor) driver).executeScript("""
                const canvas = document.querySelector('#' + arguments[0] + ' canvas');
                if (!canvas) return 0;
                const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
                let count = 0;
                for (let i = 0; i < data.length; i += 4) {
                  const [r, g, b, alpha] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
                  if (alpha > 100 && b > 180 && b - r > 100 && g > 60 && g < 160) count++;
                }
                return count;""", chartId);
        return ((Number) count).longValue();
    }

    private static void saveScreenshot(WebDriver driver, String name) throws IOException {
        Path folder = Path.of(System.getProperty("socketgrid.screenshots", "target/screenshots"));
        Files.createDirectories(folder);
        Files.write(folder.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static String page(URL node, String path) {
        String root = HeadlessChromium.onLoopback(node).toString();
        return (root.endsWith("/") ? root : root + "/") + path;
    }

    /** A figure as the page shows it ("1,234.5"); NaN for '–' or anything else that is not a number. */
    private static double number(String shown) {
        try {
            return Double.parseDouble(shown.replace(",", ""));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
