package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.Browser;
import dev.geminisearch.support.MediaFixtures;
import dev.geminisearch.support.SharedFakeGemini;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With AUTH_API_KEYS set the page still loads, asks for a key (showing the 401's detail), keeps it in
 * sessionStorage and sends it as X-API-Key, also for media, which it shows through blob: URLs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "api.api-keys=page-key")
class SearchPageApiKeyBrowserTests {

    @LocalServerPort
    private int port;

    @TempDir
    Path files;

    private Browser browser;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @DynamicPropertySource
    static void pointAtFakeGemini(DynamicPropertyRegistry registry) {
        SharedFakeGemini.register(registry);
    }

    @BeforeEach
    void openThePage() {
        Browser.assumeInstalled();
        SharedFakeGemini.get().describe(MediaFixtures.bytes("puppy.png"), "puppy dog animal");
        browser = Browser.start();
        driver = browser.driver();
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get("http://localhost:" + port + "/");
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void asksForTheKeyThenSendsItWithEveryCallIncludingMedia() throws IOException {
        WebElement keyField = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("global-error"), "401"));
        assertThat(driver.findElement(By.id("global-error")).getText()).contains("X-API-Key");
        assertThat(driver.findElement(By.cssSelector("label[for=api-key]")).getText()).isEqualTo("API key");

        keyField.sendKeys("wrong-key", Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("global-error"), "The API key is not valid."));

        keyField.clear();
        keyField.sendKeys("page-key", Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.id("info-store"), "memory"));
        wait.until(ExpectedConditions.textToBe(By.id("global-error"), ""));
        assertThat(((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('geminiSearch.apiKey')"))
                .isEqualTo("page-key");

        Path puppy = files.resolve("puppy.png");
        Files.write(puppy, MediaFixtures.bytes("puppy.png"));
        driver.findElement(By.id("upload-files")).sendKeys(puppy.toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#upload-list .upload.done")));

        driver.findElement(By.id("q-text")).sendKeys("a puppy", Keys.ENTER);
        WebElement thumbnail = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#results .result-group[data-modality=image] img.thumb")));
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", thumbnail)));
        assertThat(thumbnail.getDomProperty("src")).startsWith("blob:");

        // The key survives a reload of the tab.
        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("info-store"), "memory"));
        assertThat(driver.findElement(By.id("api-key")).getDomProperty("value")).isEqualTo("page-key");
        assertThat(driver.findElement(By.id("global-error")).getText()).isEmpty();
    }
}
