package io.vigil.runtime.console;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's {@code chromium} and {@code chromium-driver}, headless, for tests that drive the console in a real
 * browser. Both paths are given to Selenium explicitly, so Selenium Manager never downloads a driver or a browser:
 * the tests run without internet access.
 *
 * <p>Missing browser: outside CI the test is skipped with a message saying what to install; in CI ({@code CI=true},
 * where {@code .ci/run} installs both) it fails, so a broken image cannot turn the browser test into a silent skip.
 */
final class HeadlessChromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** Skips (or in CI fails) the calling test when chromium or its driver is not installed. */
    static void requireInstalled() {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return;
        }
        String message = "headless Chromium not found (" + BROWSER + ", " + DRIVER + "); install it with "
                + "'apt-get install -y chromium chromium-driver'";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: the browser test must run in CI)");
        }
        Assumptions.abort(message + " to run the console's browser test");
    }

    /** A new headless browser with a fresh profile in {@code profile}, its window {@code width} x {@code height}. */
    static ChromeDriver start(Path profile, int width, int height) throws IOException {
        // Selenium Manager is only consulted when a path is missing; these keep it from ever reaching the network.
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        System.setProperty("SE_OFFLINE", "true");
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // As root in a container: no sandbox, no GPU, no /dev/shm, and nothing that phones home.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
