package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.ConfigException;
import io.sparkmomentum.config.ConfigLoader;
import io.sparkmomentum.config.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generic delimited text with named columns: the csv format with another delimiter, from config to ratings. */
class DelimitedTextTest {
  @TempDir
  Path tmp;

  @Test
  void readsSemicolonAndTabSeparatedTextByColumnName() throws Exception {
    Path semi = tmp.resolve("r.txt");
    Files.writeString(semi, "stars;who;what\n4.5;alice;\"The Thing; 1982\"\n2;bob;Alien\n");
    RunConfig cfg = ConfigLoader.load(null, List.of("data.train=" + semi, "data.format=csv", "data.delimiter=;",
        "data.user_col=who", "data.item_col=what", "data.rating_col=stars"));
    RatingData d = RatingData.load(cfg.data(), 1, null);
    assertEquals(2, d.train().size);
    assertEquals("The Thing; 1982", d.items().raw(d.train().items[0]));
    assertEquals(4.5f, d.train().ratings[0]);

    Path tab = tmp.resolve("r.tsv");
    Files.writeString(tab, "user\titem\trating\nu1\ti1\t3\n");
    cfg = ConfigLoader.load(null, List.of("data.train=" + tab, "data.format=csv", "data.delimiter=tab",
        "data.user_col=user", "data.item_col=item"));
    assertEquals(1, RatingData.load(cfg.data(), 1, null).train().size);
  }

  @Test
  void aWrongDelimiterIsNamedInTheError() throws Exception {
    Path semi = tmp.resolve("r.txt");
    Files.writeString(semi, "userId|movieId|rating\n1|2|3\n1;2;3\n");
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.CSV).withDelimiter('|');
    BadInputException e = assertThrows(BadInputException.class,
        () -> RatingsReader.read(semi.toString(), o, new IdIndex(), new IdIndex()));
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("expected 3 pipe-separated fields"), e.getMessage());
  }

  @Test
  void badDelimiterConfigNamesKeyAndValue() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
        List.of("data.train=x", "data.delimiter=ab")));
    assertEquals("data.delimiter", e.key());
    assertTrue(e.getMessage().contains("a single character, or tab"), e.getMessage());
  }
}
