package io.sparkmomentum.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This JVM's resident memory from {@code /proc/self/status} (Linux); -1 elsewhere. */
final class Rss {
  private Rss() {}

  /** Peak resident set size (VmHWM) in MiB, or -1 when unavailable. */
  static double peakMiB() {
    return field("VmHWM:");
  }

  /** Current resident set size (VmRSS) in MiB, or -1 when unavailable. */
  static double currentMiB() {
    return field("VmRSS:");
  }

  private static double field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) {
          String[] f = line.substring(name.length()).trim().split("\\s+");
          return Long.parseLong(f[0]) / 1024.0; // kB
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
