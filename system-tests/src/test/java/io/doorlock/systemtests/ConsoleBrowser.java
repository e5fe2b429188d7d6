package io.doorlock.systemtests;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Headless Debian chromium, driven by Playwright for Java, for the web console's tests. The browser is never
 * downloaded: {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1} and the system's binary ({@code bin/install-test-tools}
 * installs the Debian package {@code chromium} when it is missing; {@code DOORLOCK_CHROMIUM} points elsewhere).
 * Every page's console errors are collected, so a test can assert that the CSP blocked nothing the console needs.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final Playwright playwright;
    private final Browser browser;
    final List<String> consoleErrors = new ArrayList<>();
    private final List<BrowserContext> contexts = new ArrayList<>();

    private ConsoleBrowser(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static ConsoleBrowser launch() {
        Path chromium = chromium();
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(chromium)
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync")));
            return new ConsoleBrowser(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A new, isolated browser context (its own sessionStorage: another tab of another person), at the given width. */
    Page page(int width, int height) {
        return page(width, height, false);
    }

    /**
     * A page whose CSP the browser ignores, only so that an audit script (axe-core) can be injected into it; every
     * other test runs with the CSP enforced.
     */
    Page auditPage() {
        return page(1280, 900, true);
    }

    private Page page(int width, int height, boolean bypassCsp) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height)
                .setPermissions(List.of("clipboard-read", "clipboard-write")).setBypassCSP(bypassCsp));
        contexts.add(context);
        Page page = context.newPage();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                synchronized (consoleErrors) {
                    consoleErrors.add(m.text());
                }
            }
        });
        page.onPageError(e -> {
            synchronized (consoleErrors) {
                consoleErrors.add("page error: " + e);
            }
        });
        return page;
    }

    Page page() {
        return page(1280, 900);
    }

    /** Closes every page opened so far (their sockets too), and forgets their console errors. */
    void closePages() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
        synchronized (consoleErrors) {
            consoleErrors.clear();
        }
    }

    List<String> consoleErrors() {
        synchronized (consoleErrors) {
            return List.copyOf(consoleErrors);
        }
    }

    /**
     * The WCAG 2.1 A/AA violations axe-core finds in the page as it is now, one line each (impact, rule, where).
     * axe-core comes from the npm registry ({@code bin/install-test-tools} puts it in {@code .tools/axe}).
     */
    @SuppressWarnings("unchecked")
    static List<String> accessibilityViolations(Page page) {
        Path axe = Path.of(System.getProperty("doorlock.repo.root", "..")).resolve(".tools/axe/node_modules/axe-core/axe.min.js");
        if (!Files.exists(axe)) {
            throw new IllegalStateException("axe-core not found at " + axe + ": run bin/install-test-tools");
        }
        page.addScriptTag(new Page.AddScriptTagOptions().setPath(axe));
        return (List<String>) page.evaluate("async () => (await axe.run(document, {runOnly: {type: 'tag',"
                + " values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations.map(v => `${v.impact} ${v.id}: ${v.help} @ `"
                + " + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))");
    }

    static void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    private static Path chromium() {
        String configured = System.getenv("DOORLOCK_CHROMIUM");
        for (String candidate : configured != null ? List.of(configured) : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        throw new IllegalStateException("chromium not found: run bin/install-test-tools (apt-get install -y chromium), or set DOORLOCK_CHROMIUM");
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
