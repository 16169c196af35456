package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SideFileReaderTest {
  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, text.getBytes(StandardCharsets.ISO_8859_1));
    return p;
  }

  private static SideTable read(Path p, boolean users, String format) {
    return SideFileReader.read(p.toString(), users, format, new Configuration());
  }

  /** Id {@code id}'s features as "name=value" strings. */
  private static List<String> features(SideTable t, String id) {
    int k = t.ids().indexOf(id);
    List<String> out = new ArrayList<>();
    for (int x = t.rowPtr()[k]; x < t.rowPtr()[k + 1]; x++) {
      out.add(t.vocabulary().get(t.cols()[x]) + ":" + t.values()[x]);
    }
    return out;
  }

  @Test
  void ml100kUsersGetAgeBucketGenderAndOccupation() throws IOException {
    Path p = write("u.user", "1|24|M|technician|85711\n2|53|F|other|94043\n\n10|17|M|Student|T8H1N\n");
    SideTable t = read(p, true, "auto");
    assertEquals("ml100k", t.format());
    assertEquals(List.of("1", "2", "10"), t.ids(), "ids in IdOrder (numeric)");
    assertEquals(List.of("age=18-24:1.0", "gender=M:1.0", "occupation=technician:1.0"), features(t, "1"));
    assertEquals(List.of("age=50-55:1.0", "gender=F:1.0", "occupation=other:1.0"), features(t, "2"));
    assertEquals(List.of("age=<18:1.0", "gender=M:1.0", "occupation=student:1.0"), features(t, "10"));
    List<String> sorted = new ArrayList<>(t.vocabulary());
    sorted.sort(null);
    assertEquals(sorted, t.vocabulary(), "vocabulary in name order");
  }

  @Test
  void ml100kItemsGetGenresAndReleaseYearBucket() throws IOException {
    String flags = "|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0";
    Path p = write("u.item", "1|Toy Story (1995)|01-Jan-1995||http://x" + flags + "\n"
        + "267|unknown||||1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
        + "5|Caf\u00e9 (1967)|01-Jan-1967||u" + flags + "\n");
    SideTable t = read(p, false, "ml100k");
    assertEquals(List.of("genre=Animation:1.0", "genre=Children's:1.0", "genre=Comedy:1.0", "year=1995:1.0"),
        features(t, "1"));
    assertEquals(List.of("genre=unknown:1.0"), features(t, "267"), "an empty date: no year feature");
    assertTrue(features(t, "5").contains("year=1960s:1.0"));
  }

  @Test
  void tagsHaveNamesWithOptionalValues() throws IOException {
    Path p = dir.resolve("tags.tsv");
    Files.writeString(p, "b\tx y:2.5 z:0\na\tgenre:drama:3 y\nc\n", StandardCharsets.UTF_8);
    SideTable t = read(p, false, "auto");
    assertEquals("tags", t.format());
    assertEquals(List.of("a", "b", "c"), t.ids());
    assertEquals(List.of("genre:drama", "x", "y", "z"), t.vocabulary(), "a name keeps its colons but the last");
    assertEquals(List.of("x:1.0", "y:2.5"), features(t, "b"), "value 1 by default; zeros are not stored");
    assertEquals(List.of("genre:drama:3.0", "y:1.0"), features(t, "a"));
    assertEquals(List.of(), features(t, "c"));
  }

  @Test
  void alignedFollowsTheRatingIndex() throws IOException {
    Path p = dir.resolve("tags.tsv");
    Files.writeString(p, "7\tx\n9\ty:2\n", StandardCharsets.UTF_8);
    SideTable t = read(p, true, "tags");
    SideTable.SideRows rows = t.aligned(IdIndex.of(List.of("9", "8", "7")));
    assertArrayEquals(new int[] {0, 1, 1, 2}, rows.ptr());
    assertEquals("y", t.vocabulary().get(rows.cols()[0]));
    assertEquals(2.0, rows.values()[0]);
    assertEquals(0, rows.count(-1));
    assertEquals(0, rows.count(3), "beyond the index: no features");
  }

  private void bad(String text, boolean users, String format, long line, String expected) throws IOException {
    Path p = write("bad" + System.nanoTime(), text);
    BadInputException e = assertThrows(BadInputException.class, () -> read(p, users, format));
    assertEquals(p.toString(), e.file());
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.reason().contains(expected), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), "one line");
  }

  @Test
  void badLinesNameFileLineValueAndExpectation() throws IOException {
    bad("1|24|M|technician|85711\n2|53|F|other\n", true, "auto", 2, "4 '|'-separated fields; expected 5");
    bad("1|24|X|technician|85711\n", true, "ml100k", 1, "gender 'X'; expected M or F");
    bad("1|old|M|technician|85711\n", true, "ml100k", 1, "age 'old'; expected an integer in [0, 150]");
    bad("1|24|M||85711\n", true, "ml100k", 1, "empty occupation");
    bad("1|24|M|a|1\n1|30|F|b|2\n", true, "ml100k", 2, "id '1' again (first on line 1)");
    String flags = "|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0";
    bad("1|T|01-Jan-1995||u" + flags + "|2\n", false, "ml100k", 1,
        "genre flag Western '2'; expected an integer in [0, 1]");
    bad("1|T|1995-01-01||u" + flags + "|0\n", false, "ml100k", 1, "release date '1995-01-01'; expected dd-MMM-yyyy");
    bad("a\tx:abc\n", false, "tags", 1, "value 'abc'; expected name[:value] with a finite number");
    bad("a\tx:NaN\n", false, "tags", 1, "expected name[:value] with a finite number");
    bad("a\tx\nb\t:2\n", false, "tags", 2, "empty name");
    bad("a\tx y x:2\n", false, "tags", 1, "feature 'x' twice");
    bad("a x y\n", false, "tags", 1, "no tab after the id");
    bad(" \tx\n", false, "tags", 1, "empty id");
    Path p = dir.resolve("latin.tsv");
    Files.write(p, "a\tx\nb\tcaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    BadInputException e = assertThrows(BadInputException.class, () -> read(p, false, "tags"));
    assertEquals(2, e.line(), e.getMessage());
    assertTrue(e.reason().contains("not UTF-8"), e.getMessage());
    BadInputException missing = assertThrows(BadInputException.class,
        () -> read(dir.resolve("nope"), true, "auto"));
    assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
  }

  @Test
  void movieLens100kSideFiles() {
    SideTable users = read(SharedData.file("ml-100k/u.user"), true, "auto");
    SideTable items = read(SharedData.file("ml-100k/u.item"), false, "auto");
    assertEquals("ml100k", users.format());
    assertEquals(943, users.ids().size());
    assertEquals(1682, items.ids().size());
    // 7 age groups at most, 2 genders, 21 occupations (u.occupation)
    assertEquals(21, users.vocabulary().stream().filter(v -> v.startsWith("occupation=")).count());
    assertEquals(2, users.vocabulary().stream().filter(v -> v.startsWith("gender=")).count());
    assertEquals(3 * 943, users.cols().length, "each user: one age, one gender, one occupation");
    assertEquals(19, items.vocabulary().stream().filter(v -> v.startsWith("genre=")).count());
    long undated = 0;
    for (int k = 0; k < items.ids().size(); k++) {
      boolean dated = false;
      for (int x = items.rowPtr()[k]; x < items.rowPtr()[k + 1]; x++) {
        dated |= items.vocabulary().get(items.cols()[x]).startsWith("year=");
      }
      if (!dated) undated++;
    }
    assertEquals(1, undated, "only item 267 has no release date");
  }
}
