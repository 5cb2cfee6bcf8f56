package io.socketgrid.selenium;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.net.URL;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browser pages against the WAR in a real Payara Micro: the thesis ping-pong page (Appendix C) counts
 * pongs and measures round trips through js/socketgrid-client.js, and the index page links to it. One
 * deployment and one browser serve both tests.
 */
@ExtendWith(ArquillianExtension.class)
class PingPongPageIT extends BrowserTest {

    /** The first connection also waits for the application's first WebSocket upgrade. */
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration PONGS = Duration.ofSeconds(20);
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final Duration UI = Duration.ofSeconds(5);
    private static final int STREAMED_PONGS = 20;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive socketgrid() {
        return war();
    }

    @Test
    void pingPongPageCountsPongsAndMeasuresRoundTrips() {
        WebDriver driver = chromium.driver();
        driver.get(page("ping-pong.html"));
        awaitConnected();

        driver.findElement(By.id("send-ping")).click();
        long afterOnePing = awaitCount(count -> count >= 1, "a pong count of at least 1 after one ping");
        assertTrue(Double.isFinite(number("rtt-last")), "last round trip is a number: " + text("rtt-last"));

        WebElement toggle = driver.findElement(By.id("stream-toggle"));
        assertEquals("Start stream", toggle.getText());
        toggle.click();
        awaitText(toggle, "Stop stream");
        long streamed = awaitCount(count -> count >= afterOnePing + STREAMED_PONGS,
                "a pong count of at least " + (afterOnePing + STREAMED_PONGS) + " while streaming");
        assertTrue(Double.isFinite(number("rtt-avg")), "average round trip is a number: " + text("rtt-avg"));

        toggle.click();
        awaitText(toggle, "Start stream");
        long settled = awaitSettledCount();
        assertTrue(settled >= streamed, "the count never goes back: " + settled + " < " + streamed);
        double min = number("rtt-min");
        double max = number("rtt-max");
        double average = number("rtt-avg");
        assertTrue(min <= average && average <= max, "min " + min + " <= average " + average + " <= max " + max);
    }

    @Test
    void indexPageShowsTheConnectionAndLinksToThePingPongPage() {
        WebDriver driver = chromium.driver();
        driver.get(page(""));
        awaitConnected();

        driver.findElement(By.cssSelector("#pages a[href='ping-pong.html']")).click();
        chromium.waitAtMost(CONNECT).withMessage("the ping-pong page to open")
                .until(d -> d.getCurrentUrl().endsWith("/ping-pong.html"));
        awaitConnected();
        assertEquals("Send one ping", driver.findElement(By.id("send-ping")).getText());
    }

    private String page(String path) {
        String root = HeadlessChromium.onLoopback(base).toString();
        return (root.endsWith("/") ? root : root + "/") + path;
    }

    private void awaitConnected() {
        chromium.waitAtMost(CONNECT)
                .withMessage(() -> "state 'connected' with a socket id; state is '" + text("state")
                        + "', socket id '" + text("socket-id") + "'")
                .until(d -> "connected".equals(text("state")) && !text("socket-id").isBlank()
                        && !"–".equals(text("socket-id")));
    }

    private void awaitText(WebElement element, String expected) {
        chromium.waitAtMost(UI)
                .withMessage(() -> "text '" + expected + "'; it is '" + element.getText() + "'")
                .until(d -> expected.equals(element.getText()));
    }

    /** Waits until the pong count satisfies {@code condition}; returns it. */
    private long awaitCount(LongPredicate condition, String what) {
        return chromium.waitAtMost(PONGS)
                .withMessage(() -> what + "; it is '" + text("pong-count") + "'")
                .until(d -> {
                    long count = count();
                    return condition.test(count) ? count : null;
                });
    }

    /**
     * Waits until two reads of the pong count one second apart are equal: the stream has stopped and its
     * last outstanding pong has arrived. Returns that count.
     */
    private long awaitSettledCount() {
        AtomicLong previous = new AtomicLong(Long.MIN_VALUE);
        return chromium.waitAtMost(SETTLE)
                .pollingEvery(Duration.ofSeconds(1))
                .withMessage(() -> "the pong count to stop growing after the stream stopped; it is '"
                        + text("pong-count") + "'")
                .until(d -> {
                    long count = count();
                    return previous.getAndSet(count) == count ? count : null;
                });
    }

    /** The pong count shown, or -1 while the page shows none. */
    private long count() {
        String shown = text("pong-count");
        return shown.matches("\\d+") ? Long.parseLong(shown) : -1;
    }

    private double number(String id) {
        try {
            return Double.parseDouble(text(id));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private String text(String id) {
        return chromium.driver().findElement(By.id(id)).getText().trim();
    }
}
