package migreplay.replay.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every quantity has one documented meaning, or is refused with the form to write instead. */
class UnitsTest {
  private static String refused(Runnable parse) {
    return assertThrows(IllegalArgumentException.class, parse::run).getMessage();
  }

  @Test
  void bitRatesInEitherCaseOfPrefix() {
    assertEquals(100_000_000L, Units.bandwidthBps("100Mbit"));
    assertEquals(1_000_000_000L, Units.bandwidthBps("1gbit"));
    assertEquals(1_000_000_000L, Units.bandwidthBps("1Gbit/s"));
    assertEquals(10_000_000_000L, Units.bandwidthBps("10Gbps"));
    assertEquals(1_000_000_000L, Units.bandwidthBps("1Gb/s"));
    assertEquals(1_000_000_000L, Units.bandwidthBps("1e9bit/s"));
    assertEquals(1_000L, Units.bandwidthBps("1kbit"));
  }

  @Test
  void byteRatesNeedPerSecond() {
    assertEquals(1_000_000_000L, Units.bandwidthBps("125MB/s"));
    assertEquals(8L * 128 * 1024 * 1024, Units.bandwidthBps("128MiB/s"));
    assertEquals(8_000_000L, Units.bandwidthBps("1MBps"));
    assertEquals(128L * 1024 * 1024, Units.bytesPerSecond("128MiB/s"));
    assertEquals(32_000_000L, Units.bytesPerSecond("32MB/s"));
    assertEquals(125_000_000L, Units.bytesPerSecond("1Gbit"));
    assertEquals(0L, Units.bytesPerSecond("0"));
    // A size is not a rate: -b 1GB was once taken as 8 Gbit/s, max_bandwidth=32MB as 31,250 KiB/s.
    String gb = refused(() -> Units.bandwidthBps("1GB"));
    assertTrue(gb.contains("'1GB' is a size, not a rate") && gb.contains("1GB/s"), gb);
    String mb = refused(() -> Units.bytesPerSecond("32MB"));
    assertTrue(mb.contains("32MB/s"), mb);
    String mib = refused(() -> Units.bytesPerSecond("32MiB"));
    assertTrue(mib.contains("32MiB/s"), mib);
  }

  @Test
  void aBarePrefixOrNumberMustSayBitsOrBytes() {
    String g = refused(() -> Units.bandwidthBps("1G"));
    assertTrue(g.contains("does not say bits or bytes") && g.contains("1Gbit") && g.contains("1GB/s")
        && g.contains("1GiB/s"), g);
    String bare = refused(() -> Units.bandwidthBps("1e9"));
    assertTrue(bare.contains("a rate needs its unit") && bare.contains("1e9bit/s") && bare.contains("1e9B/s"), bare);
    String qemu = refused(() -> Units.bytesPerSecond("134217728"));
    assertTrue(qemu.contains("134217728B/s"), qemu);
    String gb = refused(() -> Units.bandwidthBps("1Gb"));
    assertTrue(gb.contains("1Gbit") && gb.contains("1GB/s"), gb);
    assertTrue(refused(() -> Units.bandwidthBps("0")).contains("at least 1 bit/s"));
    assertTrue(refused(() -> Units.bytesPerSecond("0.5B/s")).contains("at least 1 byte/s"));
  }

  @Test
  void timesNeedTheirUnitExceptZero() {
    assertEquals(300_000L, Units.micros("300ms"));
    assertEquals(12_500_000L, Units.micros("12.5s"));
    assertEquals(250L, Units.micros("250us"));
    assertEquals(120_000_000L, Units.micros("2min"));
    assertEquals(3_600_000_000L, Units.micros("1h"));
    assertEquals(0L, Units.micros("0"));
    String bare = refused(() -> Units.micros("300"));
    assertTrue(bare.contains("a time needs its unit") && bare.contains("300ms") && bare.contains("300s"), bare);
    String m = refused(() -> Units.micros("5m"));
    assertTrue(m.contains("5min") && m.contains("5ms"), m);
  }

  @Test
  void sizesAreBinaryForASingleLetterInEitherCase() {
    assertEquals(1L << 30, Units.bytes("1G"));
    assertEquals(1L << 30, Units.bytes("1g"));
    assertEquals(1L << 30, Units.bytes("1GiB"));
    assertEquals(1_000_000_000L, Units.bytes("1GB"));
    assertEquals(4096L, Units.bytes("4096"));
    assertTrue(refused(() -> Units.bytes("1GB/s")).contains("a rate, not a size"));
  }

  @Test
  void bytesPerSecondAreWrittenInTheirLargestWholeUnit() {
    assertEquals("128MiB/s", Units.formatBytesPerSecond(128L << 20));
    assertEquals("96KiB/s", Units.formatBytesPerSecond(96 * 1024));
    assertEquals("82080B/s", Units.formatBytesPerSecond(82080));
    assertEquals("0", Units.formatBytesPerSecond(0));
  }
}
