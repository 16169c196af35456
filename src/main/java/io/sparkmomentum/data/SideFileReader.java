package io.sparkmomentum.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a side file ({@code features.user_file}, {@code features.item_file}) on the driver, strictly: side files
 * are small (one line per user or item), and the first bad line stops the run with one line naming the file, the
 * line, the value and what was expected. Blank lines are skipped; ids are trimmed, as the rating readers trim them.
 *
 * <p>Formats ({@code features.side_format}):
 * <ul>
 *   <li>{@code ml100k}: MovieLens 100K's {@code u.user} ({@code id|age|gender|occupation|zip}: features
 *       {@code age=<bucket>} in MovieLens 1M's age groups, {@code gender=M|F}, {@code occupation=<name>}; the zip
 *       code is ignored) or {@code u.item} ({@code id|title|release date|video date|url|19 genre flags}: features
 *       {@code genre=<name>} for each flag 1, and {@code year=<bucket>} of the release date {@code dd-MMM-yyyy}, none
 *       when the date is empty). ISO-8859-1, as GroupLens wrote them.</li>
 *   <li>{@code tags}: {@code id<TAB>name[:value] name[:value] ...} (value 1 when absent; a name is split from its
 *       value at its last {@code ':'}), UTF-8: a generic format for any data set.</li>
 *   <li>{@code auto}: {@code ml100k} when the first non-blank line is {@code '|'}-separated (a {@code '|'} and no
 *       tab), else {@code tags}; the lines must then have the shape of {@code u.user} (5 fields) or {@code u.item}
 *       (24 fields) as the side asks.</li>
 * </ul>
 */
public final class SideFileReader {
  private SideFileReader() {}

  /** The 19 genres of {@code u.item}'s flags, in column order (ML-100K README, {@code u.genre}). */
  static final List<String> ML100K_GENRES = List.of("unknown", "Action", "Adventure", "Animation", "Children's",
      "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance",
      "Sci-Fi", "Thriller", "War", "Western");

  private static final int USER_FIELDS = 5;
  private static final int ITEM_FIELDS = 5 + ML100K_GENRES.size();
  private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
      "Oct", "Nov", "Dec");

  /**
   * @param users  true for a file of users ({@code u.user}'s shape), false for items
   * @param format {@code auto}, {@code ml100k} or {@code tags}
   */
  public static SideTable read(String path, boolean users, String format, Configuration conf) {
    byte[] bytes = bytes(path, conf);
    String resolved = format.equals("auto") ? detect(bytes) : format;
    List<String> lines = resolved.equals("ml100k") ? decodeLatin1(bytes) : decodeUtf8(path, bytes);
    Map<String, TreeMap<String, Double>> rows = new TreeMap<>(IdOrder.INSTANCE);
    Map<String, Integer> lineOf = new TreeMap<>(IdOrder.INSTANCE);
    for (int k = 0; k < lines.size(); k++) {
      String line = lines.get(k);
      if (line.isBlank()) continue;
      long no = k + 1;
      Parsed p = resolved.equals("tags") ? tags(path, no, line) : users ? ml100kUser(path, no, line)
          : ml100kItem(path, no, line);
      Integer before = lineOf.putIfAbsent(p.id, k + 1);
      if (before != null) {
        throw new BadInputException(path, no, "id '" + BadInputException.escape(p.id, 40) + "' again (first on line "
            + before + "); expected each id once", line);
      }
      rows.put(p.id, p.features);
    }
    return table(path, resolved, rows);
  }

  /** The format {@code auto} picks for these bytes (see the class comment). */
  static String detect(byte[] bytes) {
    for (String line : decodeLatin1(bytes)) {
      if (line.isBlank()) continue;
      return line.indexOf('|') >= 0 && line.indexOf('\t') < 0 ? "ml100k" : "tags";
    }
    return "tags";
  }

  private record Parsed(String id, TreeMap<String, Double> features) {}

  private static Parsed tags(String path, long no, String line) {
    int tab = line.indexOf('\t');
    String id = (tab < 0 ? line : line.substring(0, tab)).trim();
    if (id.isEmpty()) {
      throw new BadInputException(path, no, "empty id; expected \"id<TAB>name[:value] name[:value] ...\"", line);
    }
    if (tab < 0 && id.chars().anyMatch(Character::isWhitespace)) {
      throw new BadInputException(path, no, "no tab after the id; expected \"id<TAB>name[:value] name[:value] ...\"",
          line);
    }
    TreeMap<String, Double> f = new TreeMap<>();
    if (tab >= 0) {
      for (String tok : line.substring(tab + 1).trim().split("\\s+")) {
        if (tok.isEmpty()) continue;
        int colon = tok.lastIndexOf(':');
        String name = colon < 0 ? tok : tok.substring(0, colon);
        double value = 1;
        if (colon >= 0) {
          String v = tok.substring(colon + 1);
          try {
            value = Double.parseDouble(v);
          } catch (NumberFormatException e) {
            value = Double.NaN;
          }
          if (!Double.isFinite(value)) {
            throw new BadInputException(path, no, "feature '" + BadInputException.escape(tok, 40) + "' has value '"
                + BadInputException.escape(v, 20) + "'; expected name[:value] with a finite number", line);
          }
        }
        if (name.isEmpty()) {
          throw new BadInputException(path, no, "feature '" + BadInputException.escape(tok, 40) + "' has an empty "
              + "name; expected name[:value]", line);
        }
        if (f.put(name, value) != null) {
          throw new BadInputException(path, no, "feature '" + BadInputException.escape(name, 40) + "' twice; "
              + "expected each name once per line", line);
        }
      }
    }
    return new Parsed(id, f);
  }

  private static Parsed ml100kUser(String path, long no, String line) {
    String[] s = fields(path, no, line, USER_FIELDS, "id|age|gender|occupation|zip");
    int age = integer(path, no, line, "age", s[1], 0, 150);
    String gender = s[2].trim();
    if (!gender.equals("M") && !gender.equals("F")) {
      throw new BadInputException(path, no, "gender '" + BadInputException.escape(gender, 20) + "'; expected M or F",
          line);
    }
    String occupation = s[3].trim();
    if (occupation.isEmpty()) throw new BadInputException(path, no, "empty occupation; expected a name", line);
    TreeMap<String, Double> f = new TreeMap<>();
    f.put("age=" + ageBucket(age), 1.0);
    f.put("gender=" + gender, 1.0);
    f.put("occupation=" + occupation.toLowerCase(Locale.ROOT), 1.0);
    return new Parsed(s[0], f);
  }

  private static Parsed ml100kItem(String path, long no, String line) {
    String[] s = fields(path, no, line, ITEM_FIELDS, "id|title|release date|video release date|url|19 genre flags");
    TreeMap<String, Double> f = new TreeMap<>();
    String date = s[2].trim();
    if (!date.isEmpty()) f.put("year=" + yearBucket(year(path, no, line, date)), 1.0);
    for (int g = 0; g < ML100K_GENRES.size(); g++) {
      if (integer(path, no, line, "genre flag " + ML100K_GENRES.get(g), s[5 + g], 0, 1) == 1) {
        f.put("genre=" + ML100K_GENRES.get(g), 1.0);
      }
    }
    return new Parsed(s[0], f);
  }

  private static String[] fields(String path, long no, String line, int n, String shape) {
    String[] s = line.split("\\|", -1);
    if (s.length != n) {
      throw new BadInputException(path, no, s.length + " '|'-separated fields; expected " + n + " (" + shape + ")",
          line);
    }
    s[0] = s[0].trim();
    if (s[0].isEmpty()) throw new BadInputException(path, no, "empty id; expected " + shape, line);
    return s;
  }

  private static int integer(String path, long no, String line, String what, String v, int min, int max) {
    try {
      int x = Integer.parseInt(v.trim());
      if (x >= min && x <= max) return x;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadInputException(path, no, what + " '" + BadInputException.escape(v, 20) + "'; expected an integer in ["
        + min + ", " + max + "]", line);
  }

  /** The year of {@code dd-MMM-yyyy}. */
  private static int year(String path, long no, String line, String date) {
    String[] p = date.split("-", -1);
    if (p.length == 3 && MONTHS.contains(p[1]) && p[0].matches("\\d{1,2}") && p[2].matches("\\d{4}")) {
      return Integer.parseInt(p[2]);
    }
    throw new BadInputException(path, no, "release date '" + BadInputException.escape(date, 20) + "'; expected "
        + "dd-MMM-yyyy (e.g. 01-Jan-1995) or empty", line);
  }

  /** MovieLens 1M's age groups: under 18, 18-24, 25-34, 35-44, 45-49, 50-55, 56 and over. */
  static String ageBucket(int age) {
    if (age < 18) return "<18";
    if (age < 25) return "18-24";
    if (age < 35) return "25-34";
    if (age < 45) return "35-44";
    if (age < 50) return "45-49";
    if (age < 56) return "50-55";
    return "56+";
  }

  /** Decades before 1990, then the 1990s (most of ML-100K's films) in finer steps. */
  static String yearBucket(int year) {
    if (year < 1950) return "<1950";
    if (year < 1990) return (year / 10 * 10) + "s";
    if (year < 1995) return "1990-1994";
    if (year < 1998) return Integer.toString(year);
    return "1998+";
  }

  private static SideTable table(String path, String format, Map<String, TreeMap<String, Double>> rows) {
    TreeSet<String> names = new TreeSet<>();
    for (TreeMap<String, Double> f : rows.values()) names.addAll(f.keySet());
    List<String> vocabulary = new ArrayList<>(names);
    Map<String, Integer> pos = new TreeMap<>();
    for (int j = 0; j < vocabulary.size(); j++) pos.put(vocabulary.get(j), j);
    List<String> ids = new ArrayList<>(rows.keySet());
    int[] ptr = new int[ids.size() + 1];
    List<Integer> cols = new ArrayList<>();
    List<Double> vals = new ArrayList<>();
    for (int k = 0; k < ids.size(); k++) {
      for (Map.Entry<String, Double> e : rows.get(ids.get(k)).entrySet()) { // names sorted: positions increase
        if (e.getValue() == 0) continue;
        cols.add(pos.get(e.getKey()));
        vals.add(e.getValue());
      }
      ptr[k + 1] = cols.size();
    }
    return new SideTable(path, format, vocabulary, ids, ptr, cols.stream().mapToInt(Integer::intValue).toArray(),
        vals.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static byte[] bytes(String path, Configuration conf) {
    Path p = new Path(path);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (java.io.FileNotFoundException e) {
      throw new BadInputException(path, 0, "no such file; expected a side feature file", null);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + path, e);
    }
  }

  private static List<String> decodeLatin1(byte[] bytes) {
    return lines(new String(bytes, StandardCharsets.ISO_8859_1));
  }

  private static List<String> decodeUtf8(String path, byte[] bytes) {
    try {
      return lines(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException e) {
      List<String> latin = decodeLatin1(bytes); // find the line for the message
      for (int k = 0; k < latin.size(); k++) {
        byte[] b = latin.get(k).getBytes(StandardCharsets.ISO_8859_1);
        try {
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
        } catch (CharacterCodingException bad) {
          throw BadInputException.ofBytes(path, k + 1, "not UTF-8; expected tags lines in UTF-8", b, 0, b.length);
        }
      }
      throw new BadInputException(path, 0, "not UTF-8; expected tags lines in UTF-8", null);
    }
  }

  /** Lines split at LF, a trailing CR dropped. */
  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String l : text.split("\n", -1)) out.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
    return out;
  }
}
