package migreplay.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/** Peak heap and the machine, for benchmark reports. */
final class BenchSupport {
  private BenchSupport() {}

  static void resetPeakHeap() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peak usage since the last reset, in MiB (an upper bound of the live peak). */
  static double peakHeapMiB() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum / 1048576.0;
  }

  static String machine() {
    return String.format(Locale.US, "%d cores, max heap %.0f MiB, Java %s, %s %s",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1048576.0,
        System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"));
  }
}
