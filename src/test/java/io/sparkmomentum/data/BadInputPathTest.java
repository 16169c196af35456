package io.sparkmomentum.data;

import static io.sparkmomentum.data.BadInputCorpusTest.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad paths: missing, unreadable, empty or odd directories, and bad lines inside directories. */
class BadInputPathTest {
  private static final String GOOD = "1\t10\t4\t881250949\n";

  @TempDir
  Path dir;

  private BadInputException fails(String path, OnBadRecord policy) {
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.TSV).withOnBadRecord(policy);
    return assertThrows(BadInputException.class,
        () -> RatingsReader.read(path, o, new IdIndex(), new IdIndex(), true, TestFiles.CONF));
  }

  /** Fails the same way with FAIL and SKIP; checks file, line 0, "expected" and the fragments. */
  private BadInputException fileLevel(String path, String file, String... fragments) {
    BadInputException e = fails(path, OnBadRecord.FAIL);
    assertEquals(file, e.file(), e.getMessage());
    assertEquals(0, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertContainsAll(e.getMessage(), "expected");
    assertContainsAll(e.getMessage(), fragments);
    assertEquals(e.getMessage(), fails(path, OnBadRecord.SKIP).getMessage(), "SKIP fails on file-level problems");
    return e;
  }

  @Test
  void missingFile() {
    String p = dir.resolve("no-such-file.tsv").toString();
    fileLevel(p, p, "no such file or directory; expected an existing ratings file or directory");
  }

  @Test
  void missingDirectory() {
    String p = dir.resolve("no-such-dir/u.data").toString();
    fileLevel(p, p, "no such file or directory");
  }

  @Test
  void missingFileUri() {
    String p = "file://" + dir.resolve("gone.tsv");
    fileLevel(p, p, "no such file or directory");
  }

  @Test
  void parentIsARegularFileFailsEvenForRoot() {
    Path parent = TestFiles.write(dir, "u.data", GOOD);
    String p = parent.resolve("u1.base").toString();
    fileLevel(p, p, "cannot read: its parent " + parent + " is a regular file, not a directory;"
        + " expected an existing ratings file or directory");
  }

  @Test
  void unreadableFile() throws Exception {
    Path f = TestFiles.write(dir, "secret.tsv", GOOD);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
    try {
      assumeFalse(Files.isReadable(f),
          "running as root (file permissions are not enforced): skipping the chmod 000 test;"
          + " parentIsARegularFileFailsEvenForRoot covers an unreadable path");
      fileLevel(f.toString(), f.toString(), "cannot read: permission denied", "check its permissions");
    } finally {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void unknownScheme() {
    fileLevel("nosuchfs://host/ratings.tsv", "nosuchfs://host/ratings.tsv", "cannot use this path",
        "expected a local path or a file:, hdfs: or other Hadoop file system URI");
  }

  @Test
  void emptyDirectory() throws Exception {
    Path d = Files.createDirectory(dir.resolve("out"));
    fileLevel(d.toString(), d.toString(), "the directory has no data files (it is empty); expected at least one"
        + " ratings file (names starting with '_' or '.' are ignored)");
  }

  @Test
  void directoryWithOnlyMarkerFiles() throws Exception {
    Path d = Files.createDirectory(dir.resolve("out"));
    TestFiles.write(d, "_SUCCESS", "");
    TestFiles.write(d, ".part-00000.crc", "x");
    // (Hadoop's local file system already hides .crc files from the listing)
    fileLevel(d.toString(), d.toString(), "the directory has no data files (only ignored names: ", "_SUCCESS");
  }

  @Test
  void directoryOfEmptyParts() throws Exception {
    Path d = Files.createDirectory(dir.resolve("out"));
    TestFiles.write(d, "part-00000", "");
    TestFiles.write(d, "part-00001", "");
    fileLevel(d.toString(), d.toString(), "no ratings in " + d + " (all 2 files are empty)");
  }

  @Test
  void nestedDirectory() throws Exception {
    Path d = Files.createDirectory(dir.resolve("out"));
    TestFiles.write(d, "part-00000", GOOD);
    TestFiles.write(d, "year=2020/part-00000", GOOD);
    String nested = d + "/year=2020";
    fileLevel(d.toString(), nested, "a directory inside the input directory; expected only data files");
  }

  @Test
  void badLineInSecondPartFileNamesThatFileAndLine() throws Exception {
    Path d = Files.createDirectory(dir.resolve("out"));
    TestFiles.write(d, "part-00000", GOOD + GOOD);
    TestFiles.write(d, "part-00001", GOOD + GOOD + "7\t8\tnine\n");
    BadInputException e = fails(d.toString(), OnBadRecord.FAIL);
    assertEquals(d + "/part-00001", e.file());
    assertEquals(3, e.line());
    assertTrue(e.getMessage().startsWith(d + "/part-00001:3: rating 'nine' in field 3 is not a number"),
        e.getMessage());
  }

  @Test
  void skipModeStillFailsWhenEveryLineIsBad() {
    Path p = TestFiles.write(dir, "all-bad.tsv", "a\tb\n\tc\td\nx\ty\tz\n");
    BadInputException e = fails(p.toString(), OnBadRecord.SKIP);
    assertEquals(0, e.line());
    assertContainsAll(e.getMessage(), "no ratings in " + p + " (all 3 records were bad and skipped; first: "
        + p + ":1: expected 3 or 4 tab-separated fields");
  }
}
