package io.sparkmomentum.data.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.data.BadInputException;
import io.sparkmomentum.data.OnBadRecord;
import io.sparkmomentum.data.RatingsFormat;
import io.sparkmomentum.data.ReaderOptions;
import io.sparkmomentum.testing.SharedData;
import io.sparkmomentum.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX images and labels read into dense {@link FeatureChunk}s on the executors, and the IDX bad-input corpus. */
class IdxSourcesTest {
  @TempDir Path tmp;

  static SourceSpec spec(String images, String labels, int classes, int partitions, OnBadRecord policy) {
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.CSV).withOnBadRecord(policy);
    return new SourceSpec(SourceFormat.IDX, images, o, 0, LabelKind.CLASS, classes, labels, partitions);
  }

  /** A chunk reduced on the executor: split, dim, labels, report counts, the values. */
  record Seen(int split, int dim, float[] labels, float[] values, long read, long kept, long skipped,
      List<String> examples) {}

  static List<Seen> read(SourceSpec spec) {
    List<Object[]> raw = Unwrap.run(() -> Unwrap.features(FeatureSources.read(SparkTestSession.get(), spec)).map(c ->
        new Object[] {c.report().split(), c.dim(), c.labels(), c.values(), c.report().read(), c.report().kept(),
            c.report().skipped(), new ArrayList<>(c.report().examples()), c.rowPtr() == null}).collect());
    List<Seen> out = new ArrayList<>();
    for (Object[] o : raw) {
      assertTrue((Boolean) o[8], "dense");
      @SuppressWarnings("unchecked") List<String> ex = (List<String>) o[7];
      out.add(new Seen((Integer) o[0], (Integer) o[1], (float[]) o[2], (float[]) o[3], (Long) o[4], (Long) o[5],
          (Long) o[6], ex));
    }
    return out;
  }

  static byte[] gunzip(Path p) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
      return in.readAllBytes();
    }
  }

  static byte[] idx3(int n, int rows, int cols, java.util.function.IntUnaryOperator pixel) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(0x803);
    d.writeInt(n);
    d.writeInt(rows);
    d.writeInt(cols);
    for (int k = 0; k < n * rows * cols; k++) d.writeByte(pixel.applyAsInt(k));
    return b.toByteArray();
  }

  static byte[] idx1(byte[] labels) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(0x801);
    d.writeInt(labels.length);
    d.write(labels);
    return b.toByteArray();
  }

  Path write(String name, byte[] data) throws IOException {
    Path p = tmp.resolve(name);
    if (name.endsWith(".gz")) {
      try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
        o.write(data);
      }
    } else {
      Files.write(p, data);
    }
    return p;
  }

  /** All rows in split order: labels, then values. */
  static float[][] concat(List<Seen> chunks) {
    List<Seen> s = new ArrayList<>(chunks);
    s.sort((a, b) -> Integer.compare(a.split(), b.split()));
    int n = 0;
    int v = 0;
    for (Seen c : s) {
      n += c.labels().length;
      v += c.values().length;
    }
    float[] labels = new float[n];
    float[] values = new float[v];
    n = 0;
    v = 0;
    for (Seen c : s) {
      System.arraycopy(c.labels(), 0, labels, n, c.labels().length);
      System.arraycopy(c.values(), 0, values, v, c.values().length);
      n += c.labels().length;
      v += c.values().length;
    }
    return new float[][] {labels, values};
  }

  @Test
  void fashionMnistTestSetPlainAndGzipGiveTheSameRowsAsTheBytes() throws Exception {
    Path gzImages = SharedData.file("fashion-mnist/t10k-images-idx3-ubyte.gz");
    Path gzLabels = SharedData.file("fashion-mnist/t10k-labels-idx1-ubyte.gz");
    byte[] img = gunzip(gzImages);
    byte[] lab = gunzip(gzLabels);
    Path plainImages = write("t10k-images-idx3-ubyte", img);
    Path plainLabels = write("t10k-labels-idx1-ubyte", lab);
    List<Seen> gz = read(spec(gzImages.toString(), gzLabels.toString(), 10, 3, OnBadRecord.FAIL));
    List<Seen> plain = read(spec(plainImages.toString(), plainLabels.toString(), 10, 3, OnBadRecord.FAIL));
    assertEquals(1, gz.size(), "a .gz file of 7.8 MB of images is one split");
    assertEquals(3, plain.size(), "a plain file is split into minPartitions ranges");
    float[] expectLabels = new float[10000];
    int[] perClass = new int[10];
    for (int i = 0; i < 10000; i++) {
      expectLabels[i] = lab[8 + i] & 0xff;
      perClass[lab[8 + i] & 0xff]++;
    }
    float[] expectValues = new float[10000 * 784];
    for (int i = 0; i < expectValues.length; i++) expectValues[i] = (img[16 + i] & 0xff) / 255f;
    for (List<Seen> chunks : List.of(gz, plain)) {
      float[][] all = concat(chunks);
      assertArrayEquals(expectLabels, all[0]);
      assertArrayEquals(expectValues, all[1]);
      for (Seen c : chunks) {
        assertEquals(784, c.dim());
        assertEquals(c.read(), c.kept());
      }
    }
    int[] thousand = new int[10];
    Arrays.fill(thousand, 1000);
    assertArrayEquals(thousand, perClass, "Fashion-MNIST test set: 1000 per class");
  }

  @Test
  void aGzipSplitInTheMiddleInflatesAndSkipsToItsImages() throws Exception {
    byte[] img = idx3(7, 2, 3, k -> (k * 37) & 0xff);
    byte[] lab = new byte[] {0, 1, 2, 3, 4, 5, 6};
    Path images = write("s-idx3-ubyte.gz", img);
    Path labels = write("s-idx1-ubyte.gz", idx1(lab));
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    IdxHeader ih = IdxHeader.read(conf, images.toString(), true);
    IdxHeader lh = IdxHeader.read(conf, labels.toString(), false);
    IdxSplitReader r = new IdxSplitReader(ih, lh, 3, LabelKind.CLASS, 10, false,
        new org.apache.spark.util.SerializableConfiguration(conf));
    FeatureChunk middle = r.read(1); // images [2, 4)
    assertArrayEquals(new float[] {2, 3}, middle.labels());
    float[] expect = new float[12];
    for (int j = 0; j < 12; j++) expect[j] = (img[16 + 12 + j] & 0xff) / 255f;
    assertArrayEquals(expect, middle.values());
    assertEquals(new ReadReport(1, 2, 2, 0, List.of()), middle.report());
    assertEquals(1, IdxSources.splits(ih, 4), "small .gz: one split whatever minPartitions");
    assertEquals(4, IdxSources.splits(IdxHeader.read(conf, write("p-idx3-ubyte", img).toString(), true), 4));
  }

  @Test
  void splitsCoverTheImagesOnce() {
    for (int n : new int[] {1, 7, 10000}) {
      for (int s = 1; s <= Math.min(n, 9); s++) {
        int covered = 0;
        for (int k = 0; k < s; k++) {
          int a = IdxSplitReader.first(k, n, s);
          int b = IdxSplitReader.first(k + 1, n, s);
          assertEquals(covered, a);
          assertTrue(b > a, "non-empty split");
          covered = b;
        }
        assertEquals(n, covered);
      }
    }
  }

  static BadInputException fails(SourceSpec spec) {
    BadInputException e = assertThrows(BadInputException.class, () -> read(spec));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e;
  }

  @Test
  void wrongMagicNumber() throws Exception {
    Path labels = write("l-idx1-ubyte", idx1(new byte[] {1, 2, 3}));
    BadInputException e = fails(spec(labels.toString(), labels.toString(), 10, 2, OnBadRecord.FAIL));
    assertEquals(labels + ": magic number 0x00000801; expected 0x00000803, an IDX images file (idx3-ubyte, magic"
        + " 0x00000803) (this is a labels file: pass it as data.labels)", e.getMessage());
    Path gzNamedPlain = write("i.gz", idx3(2, 2, 2, k -> k));
    Path copy = tmp.resolve("i-idx3-ubyte");
    Files.copy(gzNamedPlain, copy);
    assertTrue(fails(spec(copy.toString(), labels.toString(), 10, 2, OnBadRecord.FAIL)).getMessage()
        .contains("(the data is gzip-compressed: name the file *.gz)"));
  }

  @Test
  void truncatedPlainFileNamesExpectedAndActualBytes() throws Exception {
    byte[] full = idx3(5, 3, 3, k -> k);
    Path images = write("trunc-idx3-ubyte", Arrays.copyOf(full, full.length - 4));
    Path labels = write("trunc-idx1-ubyte", idx1(new byte[] {0, 1, 2, 3, 4}));
    assertEquals(images + ": truncated: 57 bytes; expected 61 bytes (16-byte header + 5 images × 3×3 bytes)",
        fails(spec(images.toString(), labels.toString(), 10, 2, OnBadRecord.FAIL)).getMessage());
  }

  @Test
  void truncatedGzipDataNamesExpectedAndActualBytes() throws Exception {
    byte[] full = idx3(5, 3, 3, k -> k);
    Path images = write("trunc-idx3-ubyte.gz", Arrays.copyOf(full, full.length - 4));
    Path labels = write("trunc-idx1-ubyte", idx1(new byte[] {0, 1, 2, 3, 4}));
    assertEquals(images + ": truncated: the data ends after 57 bytes (after gunzip); expected 61 bytes as the"
        + " header says (16-byte header + 5 × 9)",
        fails(spec(images.toString(), labels.toString(), 10, 2, OnBadRecord.FAIL)).getMessage());
  }

  @Test
  void aCutGzipStreamIsTruncated() throws Exception {
    byte[] full = idx3(50, 8, 8, k -> k * 7);
    Path whole = write("whole-idx3-ubyte.gz", full);
    byte[] gz = Files.readAllBytes(whole);
    Path cut = tmp.resolve("cut-idx3-ubyte.gz");
    Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
    Path labels = write("cut-idx1-ubyte", idx1(new byte[50]));
    BadInputException e = fails(spec(cut.toString(), labels.toString(), 10, 2, OnBadRecord.FAIL));
    assertTrue(e.getMessage().startsWith(cut + ": truncated: the data ends after "), e.getMessage());
    assertTrue(e.getMessage().contains("expected 3216 bytes as the header says"), e.getMessage());
  }

  @Test
  void imagesAndLabelsOfDifferentCounts() throws Exception {
    Path images = write("n-idx3-ubyte", idx3(4, 2, 2, k -> k));
    Path labels = write("n-idx1-ubyte.gz", idx1(new byte[] {0, 1, 2}));
    assertEquals(images + ": 4 images but 3 labels in " + labels + "; expected as many labels as images",
        fails(spec(images.toString(), labels.toString(), 10, 2, OnBadRecord.FAIL)).getMessage());
  }

  @Test
  void aLabelThatIsNotAClassFailsOrIsSkipped() throws Exception {
    Path images = write("c-idx3-ubyte", idx3(6, 2, 2, k -> k));
    Path labels = write("c-idx1-ubyte", idx1(new byte[] {0, 1, 2, 3, 4, 1}));
    assertEquals(labels + ": label of record 5 (1-based, byte 12 after gunzip if .gz): 4 is not a class; expected"
        + " a class id in [0, 4) (model.num_classes); text: \"4\"",
        fails(spec(images.toString(), labels.toString(), 4, 2, OnBadRecord.FAIL)).getMessage());
    List<Seen> kept = read(spec(images.toString(), labels.toString(), 4, 2, OnBadRecord.SKIP));
    float[][] all = concat(kept);
    assertArrayEquals(new float[] {0, 1, 2, 3, 1}, all[0]);
    float[] lastImage = Arrays.copyOfRange(all[1], 16, 20);
    assertArrayEquals(new float[] {20 / 255f, 21 / 255f, 22 / 255f, 23 / 255f}, lastImage, "image 6 kept");
    long skipped = kept.stream().mapToLong(Seen::skipped).sum();
    assertEquals(1, skipped);
  }

  @Test
  void noLabelFileIsOneLine() throws Exception {
    Path images = write("x-idx3-ubyte", idx3(1, 1, 1, k -> 0));
    assertEquals(images + ": no label file; expected data.labels to name the IDX labels file (idx1-ubyte) of these"
        + " images", fails(spec(images.toString(), "", 10, 1, OnBadRecord.FAIL)).getMessage());
    assertTrue(fails(spec(images.toString(), tmp.resolve("nope").toString(), 10, 1, OnBadRecord.FAIL))
        .getMessage().endsWith("nope: no such file; expected an IDX labels file (idx1-ubyte, magic 0x00000801)"));
  }
}
