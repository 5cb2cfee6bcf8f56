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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Two browser tabs on two clustered Payara Micro instances: on the channels page each sees the other's
 * channel messages; on the file-transfer page a file sent from one tab to the other's socket id arrives
 * verified.
 */
@ExtendWith(ArquillianExtension.class)
class AcrossInstancesIT extends BrowserTest {

    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration DELIVERY = Duration.ofSeconds(15);

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
        String root = HeadlessChromium.onLoopback(node).toString();
        driver.get((root.endsWith("/") ? root : root + "/") + "channels.html");
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
}
