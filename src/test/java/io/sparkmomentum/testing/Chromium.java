package io.sparkmomentum.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium (binary {@code chromium}, package {@code chromium}; {@code .ci/run} installs it) for
 * tests that load a page as a person's browser would: its DOM after the scripts ran ({@code --dump-dom}), a
 * screenshot, and the console messages it logged ({@code --enable-logging=stderr}: every {@code console.*} call and
 * every uncaught error appears on stderr as a line with {@code :CONSOLE}).
 *
 * <p>When the binary is absent the calling test is skipped, unless {@code SPARK_MOMENTUM_REQUIRE_SHARED=1} (CI),
 * which makes it a failure.
 */
public final class Chromium {
  /** Window of the screenshots. */
  public static final int WIDTH = 1200;
  public static final int HEIGHT = 2000;
  private static final long TIMEOUT_SECONDS = 120;

  private final Path binary;
  private final Path work;

  private Chromium(Path binary, Path work) {
    this.binary = binary;
    this.work = work;
  }

  /** The browser, with {@code work} for its profile and outputs; skips (or fails) the test when it is absent. */
  public static Chromium require(Path work) throws IOException {
    Optional<Path> b = find();
    if (b.isEmpty()) {
      String what = "chromium not found on the PATH";
      if (SharedData.required()) {
        fail(what + ", and " + SharedData.REQUIRE_ENV + "=1 requires it (.ci/run installs Debian's chromium)");
      }
      Assumptions.assumeTrue(false, what + ": skipping the headless browser test (apt-get install chromium; set "
          + SharedData.REQUIRE_ENV + "=1 to fail instead)");
    }
    return new Chromium(b.get(), Files.createDirectories(work));
  }

  private static Optional<Path> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "chromium");
      if (Files.isExecutable(p) && !Files.isDirectory(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  /** What one browser run printed. @param consoleLines its stderr lines from the page's console */
  public record Run(int exit, String stdout, String stderr, List<String> consoleLines) {}

  /** Loads {@code page} and returns its DOM after the page's scripts ran (stdout). */
  public Run dumpDom(Path page) throws IOException, InterruptedException {
    return run(page, "--dump-dom");
  }

  /** Loads {@code page} and writes a {@link #WIDTH}×{@link #HEIGHT} PNG screenshot of it to {@code png}. */
  public Run screenshot(Path page, Path png) throws IOException, InterruptedException {
    return run(page, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + WIDTH + "," + HEIGHT,
        "--hide-scrollbars");
  }

  private Run run(Path page, String... extra) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--user-data-dir=" + profile,
        "--enable-logging=stderr", "--v=0"));
    cmd.addAll(List.of(extra));
    cmd.add(page.toAbsolutePath().toUri().toString());
    Path out = work.resolve("chromium-" + System.nanoTime() + ".out");
    Path err = work.resolve("chromium-" + System.nanoTime() + ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + cmd);
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    List<String> console = stderr.lines().filter(l -> l.contains(":CONSOLE") || l.contains("Uncaught")).toList();
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr, console);
  }

  /** Distinct colours and the share of pixels that are not (nearly) white in a PNG. */
  public record Pixels(int width, int height, int colours, double inked) {}

  public static Pixels pixels(Path png) throws IOException {
    BufferedImage img = ImageIO.read(png.toFile());
    if (img == null) fail(png + " is not an image ImageIO can read");
    Set<Integer> colours = new HashSet<>();
    long inked = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        int r = rgb >> 16;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (r < 235 || g < 235 || b < 235) inked++;
      }
    }
    return new Pixels(img.getWidth(), img.getHeight(), colours.size(),
        (double) inked / ((long) img.getWidth() * img.getHeight()));
  }
}
