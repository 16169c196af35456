package io.sparkmomentum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.io.MetricsLog;
import io.sparkmomentum.io.SavedModel;
import io.sparkmomentum.testing.SparkTestSession;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training entirely on HDFS (an in-process MiniDFSCluster): ratings read from {@code hdfs://}, the model, checkpoints
 * and metrics written there, the model read back for {@code predict}, and the result equal to the same run on the
 * local file system.
 */
class HdfsTrainingTest {
  static MiniDFSCluster cluster;
  static File baseDir;
  static String root;

  @TempDir
  static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    SparkTestSession.get();
    baseDir = new File(System.getProperty("project.basedir", "."), "target/minidfs-" + UUID.randomUUID());
    Configuration c = new Configuration();
    c.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.getAbsolutePath());
    cluster = new MiniDFSCluster.Builder(c).numDataNodes(1).build();
    cluster.waitActive();
    root = cluster.getURI() + "/user/test";
    FileSystem fs = cluster.getFileSystem();
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path("data/sample/train.tsv"),
        new org.apache.hadoop.fs.Path(root + "/sample/train.tsv"));
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path("data/sample/test.tsv"),
        new org.apache.hadoop.fs.Path(root + "/sample/test.tsv"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) cluster.shutdown(true);
    if (baseDir != null) FileUtil.fullyDelete(baseDir);
  }

  @Test
  void trainsFromAndToHdfs() throws Exception {
    String run = root + "/runs/sample";
    String[] common = {"--config", "conf/sample.conf", "--set", "trainer.epochs=3", "--set",
        "trainer.checkpoint_every=8"};
    CliRunner.Out r = CliRunner.run(concat(new String[] {"train", "--output", run, "--set",
        "data.train=" + root + "/sample/train.tsv", "--set", "data.test=" + root + "/sample/test.tsv"}, common));
    assertEquals(0, r.code(), r.err());
    Configuration conf = new Configuration();
    FileSystem fs = FileSystem.get(java.net.URI.create(root), conf);
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(run + "/model/bundle.json")));
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(run + "/checkpoints/ckpt-0000000048")));
    List<Map<String, Object>> metrics = MetricsLog.read(run + "/metrics.jsonl", conf);
    assertEquals(48 + 1, metrics.size());

    Path local = tmp.resolve("local");
    CliRunner.Out l = CliRunner.run(concat(new String[] {"train", "--output", local.toString()}, common));
    assertEquals(0, l.code(), l.err());
    Map<String, Object> a = Json.readMap(CliRunner.lastLine(r.out()));
    Map<String, Object> b = Json.readMap(CliRunner.lastLine(l.out()));
    assertEquals(b.get("test_rmse"), a.get("test_rmse"), "HDFS and local runs give the same model");
    SavedModel onHdfs = SavedModel.load(run + "/model", conf);
    SavedModel onDisk = SavedModel.load(local.resolve("model").toString(), conf);
    assertTrue(java.util.Arrays.equals(onHdfs.weights(), onDisk.weights()));

    String pred = root + "/pred.tsv";
    CliRunner.Out p = CliRunner.run("predict", "--model", run + "/model", "--input", root + "/sample/test.tsv",
        "--output", pred);
    assertEquals(0, p.code(), p.err());
    String text;
    try (FSDataInputStream in = fs.open(new org.apache.hadoop.fs.Path(pred))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> lines = text.lines().toList();
    assertEquals(Files.readAllLines(Path.of("data/sample/test.tsv")).size(), lines.size());
    String[] f = lines.get(0).split("\t");
    assertEquals(onHdfs.predict(f[0], f[1]), Double.parseDouble(f[2]), 0.0);
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
