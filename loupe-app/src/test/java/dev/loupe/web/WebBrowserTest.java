package dev.loupe.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loupe.explain.MethodRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in Debian's headless Chromium, driven by Selenium with the system chromedriver (nothing is downloaded:
 * the driver and browser paths are given explicitly, so Selenium Manager is never asked). Screenshots of every step
 * go to {@code target/screenshots/}. Skips when Chromium or chromedriver is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "screenshots");

    private TestServer t;
    private WebDriver driver;
    private Path profile;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests need Debian's chromium and chromedriver at " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (apt-get install chromium chromium-driver); skipping");
        // Selenium warns that it has no CDP bindings for this Chromium version; the tests use WebDriver only
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        System.setProperty("SE_OFFLINE", "true");
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("loupe-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        t = new TestServer(300, 300);
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1500, 1300));
    }

    @AfterAll
    void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (t != null) {
            t.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private <T> T waitFor(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(60)).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            try {
                shot("failed-" + System.currentTimeMillis());
            } catch (Exception ignored) {
                // the timeout is the failure to report
            }
            throw e;
        }
    }

    private void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private String src(String id) {
        return driver.findElement(By.id(id)).getAttribute("src");
    }

    private String waitForNewSrc(String id, String before) {
        return waitFor(d -> {
            String s = src(id);
            return s != null && s.startsWith("data:image/png") && !s.equals(before) ? s : null;
        });
    }

    private void open(String hash) {
        driver.get("about:blank");
        driver.get("http://127.0.0.1:" + t.server.port() + "/" + hash);
    }

    @Test
    void choosingAnImageAMethodParameterAndATargetChangesTheHeatmap() throws Exception {
        open("");
        String first = waitForNewSrc("explain-heatmap", null);
        assertThat(driver.findElements(By.cssSelector("#bars .bar"))).hasSize(10);
        assertThat(driver.findElements(By.cssSelector("#thumbs img"))).hasSize(60);
        shot("01-start");

        driver.findElement(By.cssSelector("#thumbs img[data-index='7']")).click();
        waitFor(d -> src("picture").endsWith("/api/picture/7"));
        String second = waitForNewSrc("explain-heatmap", first);
        assertThat(driver.getCurrentUrl()).contains("image=7");
        shot("02-image-7");

        new Select(driver.findElement(By.id("method"))).selectByValue(TestMethods.GRADIENT);
        new Select(driver.findElement(By.cssSelector("#params select[data-param='multiply']"))).selectByValue("signal");
        String third = waitForNewSrc("explain-heatmap", second);
        assertThat(driver.getCurrentUrl()).contains("p.multiply=signal");
        new Select(driver.findElement(By.cssSelector("#params select[data-param='layer']"))).selectByValue("conv1");
        waitFor(d -> d.findElement(By.id("explain-meta")).getText().contains("1×32×26×26"));
        String fourth = waitForNewSrc("explain-heatmap", third);
        shot("03-method-params-layer");

        driver.findElements(By.cssSelector("#bars .bar")).get(3).click();
        waitForNewSrc("explain-heatmap", fourth);
        assertThat(driver.getCurrentUrl()).contains("target=3");
        assertThat(driver.findElement(By.id("explain-meta")).getText()).contains("target class 3 (3)");
        assertThat(driver.findElement(By.id("error")).isDisplayed()).isFalse();
        shot("04-target-3");

        // every registered family renders in the page (real methods once their branches are merged)
        String last = src("explain-heatmap");
        int n = 0;
        for (String method : new String[] {"saliency", "lrp.epsilon-gamma-box", "gradcam", "guided-backprop"}) {
            if (MethodRegistry.defaults().all().stream().anyMatch(m -> m.name().equals(method))) {
                new Select(driver.findElement(By.id("method"))).selectByValue(method);
                last = waitForNewSrc("explain-heatmap", last);
                waitFor(d -> d.findElement(By.id("explain-meta")).getText().startsWith(method + " "));
                assertThat(driver.findElement(By.id("error")).isDisplayed()).as(method).isFalse();
                shot(String.format("04%c-%s", (char) ('a' + n++), method));
            }
        }
    }

    @Test
    void clickingAUnitShowsItsTopNineAndASharedLinkRestoresTheView() throws Exception {
        open("#image=4&tab=units&layer=conv2");
        waitFor(d -> d.findElements(By.cssSelector("#units .unit")).size() == 64);
        driver.findElement(By.cssSelector("#units .unit[data-unit='5']")).click();
        waitFor(d -> d.findElements(By.cssSelector("#top9 figure")).size() == 9);
        assertThat(driver.findElement(By.id("unit-title")).getText()).contains("conv2 unit 5", "of 300 images");
        shot("05-unit-top9");
        Files.write(SHOTS.resolve("05b-unit-detail.png"), driver.findElement(By.id("unit-detail"))
                .getScreenshotAs(OutputType.BYTES));
        String link = driver.getCurrentUrl();
        assertThat(link).contains("unit=5", "layer=conv2", "tab=units", "image=4");

        driver.findElements(By.cssSelector("#top9 figure")).get(0).click();
        waitFor(d -> d.getCurrentUrl().contains("image=" + d.findElements(By.cssSelector("#top9 figure")).get(0)
                .getAttribute("data-index")));

        driver.get("about:blank");
        driver.get(link);
        waitFor(d -> d.findElements(By.cssSelector("#top9 figure")).size() == 9);
        assertThat(src("picture")).endsWith("/api/picture/4");
        assertThat(driver.findElement(By.id("tab-units")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.cssSelector("#units .unit.selected")).getAttribute("data-unit"))
                .isEqualTo("5");
    }

    @Test
    void uploadingABadFileShowsTheErrorAndAGoodOneANotice() throws Exception {
        open("#image=2");
        waitForNewSrc("explain-heatmap", null);
        Path bad = Files.createTempFile("not-an-image", ".png");
        Files.writeString(bad, "this is text, not a picture", StandardCharsets.UTF_8);
        driver.findElement(By.id("upload")).sendKeys(bad.toAbsolutePath().toString());
        waitFor(d -> d.findElement(By.id("error")).isDisplayed());
        assertThat(driver.findElement(By.id("error")).getText()).contains("not a readable PNG or JPEG image");
        shot("06-bad-upload");

        Path good = Files.createTempFile("digit", ".png");
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(90, 90,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 90, 90);
        g.setColor(java.awt.Color.BLACK);
        g.setStroke(new java.awt.BasicStroke(9));
        g.drawOval(25, 15, 40, 60);
        g.dispose();
        javax.imageio.ImageIO.write(img, "png", good.toFile());
        String before = src("explain-heatmap");
        driver.findElement(By.id("upload")).sendKeys(good.toAbsolutePath().toString());
        waitFor(d -> d.findElement(By.id("upload-notice")).isDisplayed());
        assertThat(driver.findElement(By.id("upload-notice")).getText()).contains("90x90", "28x28");
        waitFor(d -> src("picture").matches(".*/api/picture/u\\d+"));
        waitForNewSrc("explain-heatmap", before);
        assertThat(driver.findElement(By.id("error")).isDisplayed()).isFalse();
        shot("07-good-upload");
        Files.delete(bad);
        Files.delete(good);
    }

    @Test
    void tsneMapShowsThumbnailsOnHoverAndOpensAPointOnClick() throws Exception {
        open("#image=0&tab=tsne");
        waitFor(d -> d.findElement(By.id("tsne-status")).getText().contains("Hover"));
        JavascriptExecutor js = (JavascriptExecutor) driver;
        @SuppressWarnings("unchecked")
        List<Object> p = (List<Object>) js.executeScript("return tsne.points[17];");
        WebElement canvas = driver.findElement(By.id("tsne-canvas"));
        int x = (int) Math.round(10 + ((Number) p.get(0)).doubleValue() * 540) - canvas.getSize().getWidth() / 2;
        int y = (int) Math.round(10 + ((Number) p.get(1)).doubleValue() * 540) - canvas.getSize().getHeight() / 2;
        new Actions(driver).moveToElement(canvas, x, y).perform();
        waitFor(d -> d.findElement(By.id("tsne-tip")).isDisplayed());
        String tip = driver.findElement(By.id("tsne-tip")).getText();
        assertThat(tip).matches("#\\d+ .+");
        shot("08-tsne-hover");
        new Actions(driver).moveToElement(canvas, x, y).click().perform();
        waitFor(d -> d.getCurrentUrl().contains("tab=explain"));
        String index = driver.getCurrentUrl().replaceAll(".*image=(\\d+).*", "$1");
        assertThat(tip).startsWith("#" + index + " ");
        waitFor(d -> src("picture").endsWith("/api/picture/" + index));
    }

    @Test
    void theOcclusionTabIsShownOnlyWhenTheMethodIsRegistered() throws Exception {
        open("#image=1");
        waitForNewSrc("explain-heatmap", null);
        boolean registered = MethodRegistry.defaults().all().stream().anyMatch(m -> m.name().equals("occlusion"));
        assertThat(driver.findElement(By.id("occlusion-tab")).isDisplayed()).isEqualTo(registered);
        if (!registered) {
            return;
        }
        driver.findElement(By.id("occlusion-tab")).click();
        String first = waitForNewSrc("occlusion-heatmap", null);
        assertThat(driver.findElement(By.cssSelector("#occlusion-params input[data-param='window']"))
                .getAttribute("value")).isEqualTo("6");
        WebElement window = driver.findElement(By.cssSelector("#occlusion-params input[data-param='window']"));
        window.clear();
        window.sendKeys("10\t");
        waitForNewSrc("occlusion-heatmap", first);
        assertThat(driver.getCurrentUrl()).contains("tab=occlusion", "o.window=10");
        assertThat(driver.findElement(By.id("error")).isDisplayed()).isFalse();
        shot("09-occlusion");
    }
}
