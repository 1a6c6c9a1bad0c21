package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.Browser;
import dev.geminisearch.support.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The search page at {@code /} in a real headless Chromium: files and a text go in through the Add
 * panel, then searches by text, by file and by item ("Similar") are checked as rendered. Skipped, with
 * the reason, where Debian's chromium and chromium-driver are not installed.
 *
 * <p>Run with {@code -Dsearch-page.screenshot=docs/search-page.png} to refresh the README's screenshot;
 * otherwise it goes to {@code target/search-page.png}.
 */
class SearchPageBrowserTests extends ApiTestSupport {

    private static final List<String> LIBRARY = List.of("puppy.png", "food.jpg", "speech.wav", "tone.mp3", "clip.mp4",
            "three-pages.pdf");

    private static Browser browser;

    @TempDir
    static Path files;

    @LocalServerPort
    private int port;

    private ChromeDriver driver;
    private WebDriverWait wait;

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void describeMediaAndOpenThePage() throws IOException {
        Browser.assumeInstalled();
        if (browser == null) {
            browser = Browser.start(); // one Chromium for the class, closed after all tests
        }
        gemini.describe(MediaFixtures.bytes("puppy.png"), "puppy dog animal");
        gemini.describe(MediaFixtures.bytes("food.jpg"), "pizza food dinner");
        gemini.describe(MediaFixtures.bytes("speech.wav"), "dog barking animal sound");
        gemini.describe(MediaFixtures.bytes("tone.mp3"), "beep tone electronic");
        gemini.describe(MediaFixtures.bytes("clip.mp4"), "cat kitten animal playing video");
        gemini.describe(MediaFixtures.bytes("three-pages.pdf"), "quarterly report document pages");
        gemini.describe(MediaFixtures.bytes("clip.mov"), "pizza food");
        for (String name : Stream.concat(LIBRARY.stream(), Stream.of("clip.mov")).toList()) {
            Files.write(files.resolve(name), MediaFixtures.bytes(name));
        }
        // Text that claims to be a PNG: the service answers 415 with a problem detail.
        Files.writeString(files.resolve("not-really.png"), "just some text, not an image");

        driver = browser.driver();
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get("http://localhost:" + port + "/");
        wait.until(ExpectedConditions.textToBe(By.id("info-items"), "0"));
    }

    @Test
    void ingestsThroughThePageThenSearchesByTextByFileAndBySimilarItem() throws IOException {
        assertThat(text("info-model")).isEqualTo("gemini-embedding-2");
        assertThat(text("info-dimensions")).isEqualTo("3072");
        assertThat(text("info-store")).isEqualTo("memory");

        // Add panel: several files at once (one of them unsupported), each with its own progress and outcome.
        String paths = Stream.concat(LIBRARY.stream(), Stream.of("not-really.png"))
                .map(name -> files.resolve(name).toString()).collect(Collectors.joining("\n"));
        driver.findElement(By.id("upload-files")).sendKeys(paths);
        wait.until(d -> d.findElements(By.cssSelector("#upload-list .upload.done")).size() == LIBRARY.size()
                && d.findElements(By.cssSelector("#upload-list .upload.failed")).size() == 1);
        for (WebElement row : driver.findElements(By.cssSelector("#upload-list .upload.done"))) {
            assertThat(row.findElement(By.tagName("progress")).getDomProperty("value")).isEqualTo("100");
            assertThat(row.findElement(By.className("upload-status")).getText()).startsWith("✓ Added");
        }
        WebElement failed = driver.findElement(By.cssSelector("#upload-list .upload.failed"));
        assertThat(failed.getDomAttribute("data-name")).isEqualTo("not-really.png");
        assertThat(failed.findElement(By.className("upload-status")).getText())
                .contains("415").contains("declares image/png");
        assertThat(text("upload-status")).isEqualTo("6 added, 1 failed.");

        // A text item with a title and metadata.
        driver.findElement(By.id("text-title")).sendKeys("Pet care notes");
        driver.findElement(By.id("text-body")).sendKeys("How to train a puppy: dogs and other animals learn by reward");
        driver.findElement(By.id("text-metadata")).sendKeys("{\"source\": \"notes\"}");
        driver.findElement(By.id("text-add")).click();
        wait.until(ExpectedConditions.textToBe(By.id("text-status"), "Added “Pet care notes”."));

        // The header and the library list refresh without a reload.
        wait.until(ExpectedConditions.textToBe(By.id("info-items"), "7"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#library-list .library-item"), 7));
        assertThat(storedItemCount()).isEqualTo(7);
        js("document.getElementById('add-panel').scrollIntoView()");
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/search-page-add.png"), driver.getScreenshotAs(OutputType.BYTES));

        // Search by text, submitted with Enter: images, audio, video, documents and text side by side.
        WebElement query = driver.findElement(By.id("q-text"));
        query.sendKeys("an animal", Keys.ENTER);
        waitForResults("“an animal”");
        assertThat(groups()).containsExactly("image", "audio", "video", "document", "text");
        assertThat(tabLabels()).containsExactly("All (7)", "Images (2)", "Audio (2)", "Video (1)", "Documents (1)", "Text (1)");
        assertThat(titlesIn("image")).containsExactly("puppy.png", "food.jpg");
        assertThat(titlesIn("audio")).containsExactly("speech.wav", "tone.mp3");
        assertThat(titlesIn("text")).containsExactly("Pet care notes");
        for (WebElement score : driver.findElements(By.cssSelector("#results .score-value"))) {
            assertThat(score.getText()).matches("-?\\d\\.\\d{3}");
        }
        WebElement puppy = result("puppy.png");
        WebElement thumbnail = puppy.findElement(By.cssSelector("img.thumb"));
        wait.until(d -> Boolean.TRUE.equals(js("return arguments[0].complete && arguments[0].naturalWidth > 0", thumbnail)));
        // Without an API key the page loads originals straight from their URL (so players can seek with Range).
        assertThat(thumbnail.getDomProperty("src")).contains("/items/").endsWith("/content");
        assertThat(thumbnail.getDomAttribute("alt")).isEqualTo("puppy.png");
        WebElement bark = result("speech.wav").findElement(By.tagName("audio"));
        wait.until(d -> ((Number) js("return arguments[0].readyState", bark)).intValue() >= 1);
        assertThat(bark.getDomProperty("src")).endsWith("/content");
        assertThat(((Number) js("return arguments[0].duration", bark)).doubleValue()).isPositive();
        assertThat(result("clip.mp4").findElements(By.tagName("video"))).hasSize(1);
        assertThat(result("three-pages.pdf").getText()).contains("PDF");
        assertThat(result("Pet care notes").findElement(By.className("snippet")).getText()).startsWith("How to train a puppy");
        assertThat(result("Pet care notes").findElement(By.className("metadata")).getText()).contains("source").contains("notes");
        double puppyScore = score(puppy);
        assertThat(puppyScore).isGreaterThan(score(result("food.jpg")));
        assertThat(score(result("speech.wav"))).isGreaterThan(score(result("tone.mp3")));
        saveScreenshot();

        // Tabs narrow the view to one modality, and are keyboard-operable.
        driver.findElement(By.id("tab-audio")).click();
        assertThat(visibleGroups()).containsExactly("audio");
        driver.findElement(By.id("tab-audio")).sendKeys(Keys.ARROW_LEFT);
        assertThat(visibleGroups()).containsExactly("image");
        driver.findElement(By.id("tab-image")).sendKeys(Keys.HOME);
        assertThat(visibleGroups()).containsExactly("image", "audio", "video", "document", "text");

        // Search by file: a video of a pizza finds the food picture first.
        query.clear();
        driver.findElement(By.id("q-file")).sendKeys(files.resolve("clip.mov").toString());
        waitForResults("clip.mov");
        assertThat(driver.findElement(By.id("query-file-name")).getText()).startsWith("clip.mov");
        assertThat(bestResultTitle()).isEqualTo("food.jpg");
        assertThat(gemini.lastCall().inlineMimeTypes()).containsExactly("video/quicktime");

        // Text and file together: one composite query, with the modality filter.
        new Select(driver.findElement(By.id("q-modality"))).selectByValue("image");
        query.sendKeys("with cheese", Keys.ENTER);
        waitForResults("“with cheese” + clip.mov");
        assertThat(groups()).containsExactly("image");
        assertThat(gemini.lastCall().partCount()).isEqualTo(2);
        driver.findElement(By.id("query-file-clear")).click();
        new Select(driver.findElement(By.id("q-modality"))).selectByValue("");
        query.clear();

        // "Similar" on the puppy: search by the stored item, which itself is left out.
        query.sendKeys("an animal", Keys.ENTER);
        waitForResults("“an animal”");
        int callsBefore = gemini.callCount();
        result("puppy.png").findElement(By.cssSelector("button.similar")).click();
        waitForResults("similar to “puppy.png”");
        assertThat(driver.findElement(By.id("query-item")).isDisplayed()).isTrue();
        assertThat(allTitles()).doesNotContain("puppy.png").contains("speech.wav", "Pet care notes");
        assertThat(bestResultTitle()).isIn("speech.wav", "Pet care notes");
        assertThat(gemini.callCount()).as("search by item needs no Gemini call").isEqualTo(callsBefore);

        // A filter expression narrows the results to the text item with that metadata; a broken one is explained.
        driver.findElement(By.id("query-item-clear")).click();
        WebElement filter = driver.findElement(By.id("q-filter"));
        filter.sendKeys("source == 'notes'");
        query.clear();
        query.sendKeys("an animal", Keys.ENTER);
        waitForResults("“an animal”");
        assertThat(allTitles()).containsExactly("Pet care notes");
        filter.clear();
        filter.sendKeys("source ==");
        query.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("search-error"), "position"));
        filter.clear();
        query.clear();

        // An API error shows the problem's detail.
        WebElement topK = driver.findElement(By.id("q-topk"));
        topK.clear();
        topK.sendKeys("5000");
        query.sendKeys("an animal", Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("search-error"), "400"));
        assertThat(text("search-error")).contains("topK");
        assertThat(text("results-status")).isEqualTo("The search failed.");
    }

    @Test
    void aLongPdfIsFollowedThroughItsJobAndTheMatchingPagesAreShown() {
        Path report = MediaFixtures.pagedPdf(files, 20);

        driver.findElement(By.id("upload-files")).sendKeys(report.toString());
        wait.until(d -> !d.findElements(By.cssSelector("#upload-list .upload.done")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("#upload-list .upload.done .upload-status")).getText())
                .startsWith("✓ Added");

        WebElement query = driver.findElement(By.id("q-text"));
        query.sendKeys("icebergs crevasses ice cores", Keys.ENTER);
        waitForResults("“icebergs crevasses ice cores”");
        WebElement card = result("20-pages.pdf");
        // Windows of 6 pages sharing one: 11-16 holds pages 13 to 15, the only ones about ice.
        assertThat(card.findElement(By.className("segment")).getText()).isEqualTo("Best match: pages 11–16");
    }

    @Test
    void emptySearchAndBadMetadataAreExplained() {
        driver.findElement(By.id("search-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("search-error"), "Type some text"));

        driver.findElement(By.id("text-body")).sendKeys("a note");
        driver.findElement(By.id("text-metadata")).sendKeys("not json");
        driver.findElement(By.id("text-add")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("text-error"), "400"));
        assertThat(text("text-error")).containsIgnoringCase("metadata");
        assertThat(storedItemCount()).isZero();
    }

    @Test
    void worksAtPhoneWidth() throws IOException {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(375, 800));
        try {
            driver.navigate().refresh();
            wait.until(ExpectedConditions.textToBe(By.id("info-items"), "0"));
            long scrollWidth = ((Number) js("return document.documentElement.scrollWidth")).longValue();
            long clientWidth = ((Number) js("return document.documentElement.clientWidth")).longValue();
            assertThat(scrollWidth).as("no horizontal scrolling").isLessThanOrEqualTo(clientWidth);
            assertThat(driver.findElement(By.id("search-button")).isDisplayed()).isTrue();
            assertThat(driver.findElement(By.cssSelector("label[for=q-file]")).isDisplayed()).isTrue();
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target/search-page-phone.png"), driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    private void waitForResults(String what) {
        wait.until(ExpectedConditions.textMatches(By.id("results-status"),
                java.util.regex.Pattern.compile("^\\d+ results? for " + java.util.regex.Pattern.quote(what) + " in \\d+ ms$")));
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private List<String> groups() {
        return driver.findElements(By.cssSelector("#results .result-group")).stream()
                .map(group -> group.getDomAttribute("data-modality")).toList();
    }

    private List<String> visibleGroups() {
        return driver.findElements(By.cssSelector("#results .result-group")).stream().filter(WebElement::isDisplayed)
                .map(group -> group.getDomAttribute("data-modality")).toList();
    }

    private List<String> tabLabels() {
        return driver.findElements(By.cssSelector("#result-tabs [role=tab]")).stream().map(WebElement::getText).toList();
    }

    private List<String> titlesIn(String modality) {
        return driver.findElements(By.cssSelector("#results .result-group[data-modality=" + modality + "] .result-title"))
                .stream().map(WebElement::getText).toList();
    }

    private List<String> allTitles() {
        return driver.findElements(By.cssSelector("#results .result-title")).stream().map(WebElement::getText).toList();
    }

    private WebElement result(String title) {
        return driver.findElements(By.cssSelector("#results .result")).stream()
                .filter(card -> card.findElement(By.className("result-title")).getText().equals(title))
                .findFirst().orElseThrow(() -> new AssertionError("no result titled " + title + " in " + allTitles()));
    }

    private static double score(WebElement result) {
        return Double.parseDouble(result.findElement(By.className("score-value")).getText());
    }

    private String bestResultTitle() {
        return driver.findElements(By.cssSelector("#results .result")).stream()
                .max(java.util.Comparator.comparingDouble(SearchPageBrowserTests::score))
                .map(card -> card.findElement(By.className("result-title")).getText()).orElseThrow();
    }

    private void saveScreenshot() throws IOException {
        js("window.scrollTo(0, 0); document.activeElement.blur()");
        Path target = Path.of(System.getProperty("search-page.screenshot", "target/search-page.png"));
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
    }
}
