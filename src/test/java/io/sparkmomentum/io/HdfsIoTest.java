package io.sparkmomentum.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The io package on hdfs:// paths, against one in-process MiniDFSCluster (1 datanode) shared by all tests. */
class HdfsIoTest {
  private static MiniDFSCluster cluster;
  private static File baseDir;
  private static Configuration conf;
  private static FileSystem fs;
  private static String root;

  @BeforeAll
  static void startCluster() throws IOException {
    String target = System.getProperty("project.basedir", ".") + "/target";
    baseDir = new File(target, "minidfs-" + UUID.randomUUID()).getAbsoluteFile();
    Configuration c = new Configuration();
    c.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.getPath());
    cluster = new MiniDFSCluster.Builder(c).numDataNodes(1).build();
    cluster.waitActive();
    fs = cluster.getFileSystem();
    // a client configuration that knows nothing of the cluster but its URI
    conf = new Configuration();
    root = cluster.getURI() + "/user/test";
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.shutdown(true);
    }
    if (baseDir != null) {
      FileUtil.fullyDelete(baseDir);
    }
  }

  @Test
  void bundleRoundTripAndTamperDetection() throws Exception {
    String path = root + "/models/m1";
    double[] p = {1.0, -0.0, Double.NaN, Double.MIN_VALUE};
    ArrayBundle.builder("spark-momentum/model").meta("rank", 2).doubles("P", p).floats("Q", new float[] {1.5f})
        .ints("i", new int[0]).longs("l", new long[] {Long.MIN_VALUE}).strings("ids", List.of("a", "\u00e9"))
        .writeTo(path, conf);
    ArrayBundle b = ArrayBundle.read(path, conf, "spark-momentum/model");
    assertTrue(b.location().startsWith("hdfs://"), b.location());
    assertEquals(Arrays.toString(p), Arrays.toString(b.doubles("P")));
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(b.doubles("P")[1]));
    assertArrayEquals(new float[] {1.5f}, b.floats("Q"));
    assertEquals(0, b.ints("i").length);
    assertArrayEquals(new long[] {Long.MIN_VALUE}, b.longs("l"));
    assertEquals(List.of("a", "\u00e9"), b.strings("ids"));
    assertEquals(2L, b.meta().get("rank"));
    assertEquals(List.of("P.f64", "Q.f32", "bundle.json", "i.i32", "ids.str", "l.i64"), names(new Path(path)));

    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> ArrayBundle.builder("spark-momentum/model").writeTo(path, conf));
    assertTrue(e.getMessage().contains(path) && e.getMessage().contains("--overwrite"), e.getMessage());

    // same length, one byte changed
    Path q = new Path(path, "P.f64");
    byte[] bytes = readAll(q);
    bytes[9] ^= 0x10;
    try (OutputStream out = fs.create(q, true)) {
      out.write(bytes);
    }
    InvalidBundleException bad = assertThrows(InvalidBundleException.class,
        () -> ArrayBundle.read(path, conf, "spark-momentum/model"));
    assertTrue(bad.getMessage().contains("model at " + path + " is corrupt: array P checksum mismatch"),
        bad.getMessage());

    ArrayBundle.builder("spark-momentum/model").ints("x", new int[] {7}).writeTo(path, conf, true);
    assertArrayEquals(new int[] {7}, ArrayBundle.read(path, conf, null).ints("x"));
    assertEquals(List.of("m1"), names(new Path(root + "/models")), "no temp or old dirs left");
  }

  @Test
  void failedPublishLeavesNothing() throws Exception {
    String path = root + "/atomic/out";
    assertThrows(IOException.class, () -> AtomicDirectory.publish(path, conf, false, dir -> {
      try (OutputStream out = fs.create(new Path(dir, "part"))) {
        out.write(1);
      }
      throw new IOException("writer died");
    }));
    assertFalse(fs.exists(new Path(path)));
    assertEquals(List.of(), names(new Path(root + "/atomic")));
  }

  @Test
  void checkpointStore() throws Exception {
    CheckpointStore store = new CheckpointStore(root + "/run1", conf, 2);
    assertEquals(Optional.empty(), store.latestComplete());
    for (long r = 1; r <= 4; r++) {
      store.save(r, ArrayBundle.builder(CheckpointStore.KIND).doubles("w", new double[] {r}));
    }
    assertEquals(List.of(3L, 4L), store.rounds());
    fs.mkdirs(new Path(store.directory(), ".ckpt-0000000005.tmp-0123456789abcdef"));
    fs.delete(new Path(store.pathOf(4), "w.f64"), false);
    assertEquals(Optional.of(3L), store.latestComplete());
    assertArrayEquals(new double[] {3}, store.load(3).doubles("w"));
  }

  @Test
  void metricsLogFlushesEachLine() throws Exception {
    String path = root + "/run2/metrics.jsonl";
    try (MetricsLog log = MetricsLog.create(path, conf, false)) {
      log.write(Map.of("round", 1, "loss", 0.5));
      log.write(Map.of("round", 2, "loss", 0.25));
      // hflush: a new reader sees both lines while the file is still open for writing
      assertEquals(2, new String(readAll(new Path(path)), UTF_8).split("\n").length);
    }
    try (MetricsLog log = MetricsLog.create(path, conf, true)) {
      log.write(Map.of("round", 3, "loss", 0.125));
    }
    List<Map<String, Object>> back = MetricsLog.read(path, conf);
    assertEquals(List.of(0.5, 0.25, 0.125), back.stream().map(m -> m.get("loss")).toList());
    assertEquals(3L, back.get(2).get("round"));
  }

  private static byte[] readAll(Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return in.readAllBytes();
    }
  }

  private static List<String> names(Path dir) throws IOException {
    List<String> out = new java.util.ArrayList<>();
    for (FileStatus st : fs.listStatus(dir)) {
      out.add(st.getPath().getName());
    }
    out.sort(null);
    return out;
  }
}
