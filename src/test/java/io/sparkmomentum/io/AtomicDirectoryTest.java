package io.sparkmomentum.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicDirectoryTest {
  final Configuration conf = new Configuration();
  @TempDir Path tmp;

  private static void writeFile(org.apache.hadoop.fs.Path dir, String name, String text) throws IOException {
    FileSystem fs = Fs.of(dir, new Configuration()); // raw: no .crc side files
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(dir, name))) {
      out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void publishesIntoNewParents() throws Exception {
    Path target = tmp.resolve("a/b/out");
    AtomicReference<org.apache.hadoop.fs.Path> seen = new AtomicReference<>();
    org.apache.hadoop.fs.Path result = AtomicDirectory.publish(target.toString(), conf, false, dir -> {
      seen.set(dir);
      writeFile(dir, "x.txt", "hello");
    });
    assertTrue(seen.get().getName().startsWith(".out.tmp-"), seen.get().toString());
    assertEquals("out", AtomicDirectory.leftoverOf(seen.get().getName()));
    assertEquals("hello", Files.readString(target.resolve("x.txt")));
    assertEquals(List.of("out"), TestFiles.list(tmp.resolve("a/b")));
    assertTrue(result.toString().startsWith("file:/") && result.toString().endsWith("a/b/out"), result.toString());
  }

  @Test
  void writerFailureLeavesNothingBehind() throws Exception {
    Path target = tmp.resolve("out");
    IOException boom = new IOException("disk full halfway");
    IOException thrown = assertThrows(IOException.class, () -> AtomicDirectory.publish(target.toString(), conf, false,
        dir -> {
          writeFile(dir, "part-0", "some data");
          throw boom;
        }));
    assertSame(boom, thrown);
    assertFalse(Files.exists(target));
    assertEquals(List.of(), TestFiles.list(tmp), "temp dir cleaned up");

    RuntimeException bug = new IllegalStateException("bug");
    assertSame(bug, assertThrows(IllegalStateException.class,
        () -> AtomicDirectory.publish(target.toString(), conf, false, dir -> {
          writeFile(dir, "part-0", "x");
          throw bug;
        })));
    assertEquals(List.of(), TestFiles.list(tmp));
  }

  @Test
  void writerFailureDuringOverwriteKeepsTheOldDirectory() throws Exception {
    Path target = tmp.resolve("out");
    AtomicDirectory.publish(target.toString(), conf, false, dir -> writeFile(dir, "v", "1"));
    assertThrows(IOException.class, () -> AtomicDirectory.publish(target.toString(), conf, true, dir -> {
      writeFile(dir, "v", "2");
      throw new IOException("fail");
    }));
    assertEquals("1", Files.readString(target.resolve("v")));
    assertEquals(List.of("out"), TestFiles.list(tmp));
  }

  @Test
  void refusesExistingUnlessOverwrite() throws Exception {
    Path target = tmp.resolve("out");
    AtomicDirectory.publish(target.toString(), conf, false, dir -> writeFile(dir, "old.txt", "1"));
    boolean[] called = {false};
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> AtomicDirectory.publish(target.toString(), conf, false, dir -> called[0] = true));
    assertFalse(called[0], "nothing written when the target exists");
    assertTrue(e.getMessage().contains(target.toString()) && e.getMessage().contains("use --overwrite"),
        e.getMessage());

    AtomicDirectory.publish(target.toString(), conf, true, dir -> writeFile(dir, "new.txt", "2"));
    assertEquals(List.of("new.txt"), TestFiles.list(target), "old contents replaced, not merged");
    assertEquals(List.of("out"), TestFiles.list(tmp), "no .old/.tmp leftovers");
  }

  @Test
  void replacesAFileWithOverwrite() throws Exception {
    Path target = tmp.resolve("out");
    Files.writeString(target, "a file");
    assertThrows(FileAlreadyExistsException.class,
        () -> AtomicDirectory.publish(target.toString(), conf, false, dir -> { }));
    AtomicDirectory.publish(target.toString(), conf, true, dir -> writeFile(dir, "f", "x"));
    assertTrue(Files.isDirectory(target));
  }

  @Test
  void recognizesLeftovers() {
    assertEquals("ckpt-0000000001", AtomicDirectory.leftoverOf(".ckpt-0000000001.tmp-0123456789abcdef"));
    assertEquals("m.x", AtomicDirectory.leftoverOf(".m.x.old-0123456789abcdef"));
    assertNull(AtomicDirectory.leftoverOf("ckpt-0000000001"));
    assertNull(AtomicDirectory.leftoverOf(".m.tmp-xyz"));
  }
}
