package migreplay.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** KVM or TCG from a QEMU command line. */
class AcceleratorTest {
  @Test
  void aKvmAcceleratorOrAKvmProgramNameMeansKvm() {
    assertEquals(Accelerator.KVM, Accelerator.of(List.of("qemu-system-x86_64", "-enable-kvm", "-m", "512")));
    assertEquals(Accelerator.KVM, Accelerator.of(List.of("qemu-system-x86_64", "--enable-kvm")));
    assertEquals(Accelerator.KVM, Accelerator.of(List.of("qemu-system-x86_64", "-accel", "kvm,kernel-irqchip=on")));
    assertEquals(Accelerator.KVM, Accelerator.of(List.of("qemu-system-x86_64", "-M", "pc,accel=kvm")));
    assertEquals(Accelerator.KVM, Accelerator.of(List.of("qemu-system-x86_64", "-machine", "accel=kvm:tcg")));
    assertEquals(Accelerator.KVM, Accelerator.of(List.of("/usr/libexec/qemu-kvm", "-m", "512")));
    // issue 21: programs whose name implies KVM, wrappers before them, the option forms
    assertEquals(Accelerator.KVM, Accelerator.of(List.of("qemu-kvm", "-m", "512")));
    assertEquals(Accelerator.KVM, Accelerator.of(List.of("/usr/bin/kvm", "-m", "512")));
    assertEquals(Accelerator.KVM, Accelerator.of(List.of("nice", "-n", "5", "kvm", "-m", "512")));
    assertEquals(Accelerator.KVM, Accelerator.of(List.of("qemu-system-x86_64", "-accel=kvm")));
    assertEquals(Accelerator.KVM, Accelerator.of(List.of("qemu-system-x86_64", "-accel", "kvm", "-accel", "tcg")));
  }

  @Test
  void otherAcceleratorsAreNotTcg() {
    assertEquals(Accelerator.OTHER, Accelerator.of(List.of("qemu-system-aarch64", "-accel", "hvf")));
    assertEquals(Accelerator.OTHER, Accelerator.of(List.of("qemu-system-x86_64", "-M", "q35,accel=whpx")));
  }

  @Test
  void withoutARecognisableQemuItCannotTell() {
    assertEquals(Accelerator.UNKNOWN, Accelerator.of(List.of("/opt/vm/start.sh", "-m", "512")));
    assertEquals(Accelerator.UNKNOWN, Accelerator.of(List.of("sh", "-c", "qemu-system-x86_64 -enable-kvm")));
  }

  @Test
  void withoutOneQemuDefaultsToTcg() {
    assertEquals(Accelerator.TCG, Accelerator.of(List.of("qemu-system-x86_64", "-m", "512")));
    assertEquals(Accelerator.TCG, Accelerator.of(List.of("qemu-system-x86_64", "-accel", "tcg")));
    // "kvm" as another option's value is no accelerator
    assertEquals(Accelerator.TCG, Accelerator.of(List.of("qemu-system-x86_64", "-name", "kvm")));
    assertEquals(Accelerator.TCG, Accelerator.of(List.of("nice", "-n", "-5", "qemu-system-x86_64", "-icount", "shift=3")));
    assertEquals(Accelerator.TCG, Accelerator.of(List.of("qemu-system-x86_64", "-machine", "pc,accel=tcg:kvm")));
  }

  @Test
  void noCommandLineSaysNothing() {
    assertEquals(Accelerator.UNKNOWN, Accelerator.of(List.of()));
  }
}
