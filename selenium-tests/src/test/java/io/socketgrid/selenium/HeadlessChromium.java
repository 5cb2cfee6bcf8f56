package io.socketgrid.selenium;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * Headless Chromium for tests, offline: the installed {@code chromium} and {@code chromedriver} binaries
 * (so Selenium Manager never runs and downloads nothing), a fresh profile per instance, and a proxy that
 * leads nowhere, so the browser reaches loopback only (Chromium never proxies {@code localhost} and
 * {@code 127.0.0.1}; every other host fails). Pages must therefore be loaded from loopback:
 * {@link #onLoopback(URL)}.
 *
 * <p>Not thread-safe: one test thread drives one instance. {@link #close()} quits the browser and its driver
 * and deletes the profile.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** System property naming the Chromium binary; {@code /usr/bin/chromium} when absent. */
    public static final String CHROMIUM_PROPERTY = "socketgrid.chromium";
    /** System property naming the chromedriver binary; {@code /usr/bin/chromedriver} when absent. */
    public static final String DRIVER_PROPERTY = "webdriver.chrome.driver";

    private static final List<String> ARGUMENTS = List.of(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--proxy-server=http://127.0.0.1:9", "--window-size=1280,900");

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private HeadlessChromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Starts a browser with a new profile in {@code java.io.tmpdir}. */
    public static HeadlessChromium start() throws IOException {
        Path profile = Files.createTempDirectory("chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty(CHROMIUM_PROPERTY, "/usr/bin/chromium"));
        options.addArguments(ARGUMENTS);
        options.addArguments("--user-data-dir=" + profile.toAbsolutePath());
        // keep the page's console, so tests can assert that no script failed
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty(DRIVER_PROPERTY, "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        try {
            return new HeadlessChromium(profile, service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** A wait polling every 100 ms for at most {@code timeout}; a condition not met fails with a TimeoutException. */
    public WebDriverWait waitAtMost(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.pollingEvery(Duration.ofMillis(100));
        return wait;
    }

    /** Browser console entries of level SEVERE since the last call (reading them clears them). */
    public List<String> takeSevereConsoleEntries() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /**
     * {@code url} with its host replaced by {@code 127.0.0.1} unless it already is a loopback name: the
     * browser's proxy leads nowhere, so only loopback hosts load. Arquillian reports the host Payara Micro
     * printed, which may be the machine's name.
     */
    public static URL onLoopback(URL url) {
        String host = url.getHost();
        if (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")) {
            return url;
        }
        try {
            URI uri = url.toURI();
            return new URI(uri.getScheme(), uri.getUserInfo(), "127.0.0.1", uri.getPort(), uri.getPath(),
                    uri.getQuery(), uri.getFragment()).toURL();
        } catch (URISyntaxException | MalformedURLException e) {
            throw new IllegalArgumentException("cannot move " + url + " to 127.0.0.1", e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the browser profile " + root, e);
        }
    }
}
