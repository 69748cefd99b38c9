package migreplay.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of DESIGN.md ("Modules and packages") on the main code of every module the command line
 * is built from: each package uses only the packages it may, and no two packages depend on each other.
 * (The {@code spark} module is held to its rule by Maven: it depends on {@code replay} alone.)
 */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    // The main classes wherever they are: directories under `mvn test`, the modules' jars under `mvn verify`
    // (excluding jars made the rules check nothing there). Test classes are left out, in directories and in
    // test-jars (report's browser checks) alike.
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.matches(java.util.regex.Pattern.compile(".*-tests\\.jar.*")))
        .importPackages("migreplay");
  }

  @Test
  void noCyclesBetweenPackages() {
    slices().matching("migreplay.(**)").should().beFreeOfCycles().check(classes);
  }

  /** Package, then the migreplay packages it may use (besides itself), separated by spaces. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      migreplay.io             |
      migreplay.trace          | migreplay.io
      migreplay.ingest         | migreplay.trace migreplay.io migreplay.ingest.synth
      migreplay.ingest.synth   | migreplay.trace migreplay.io
      migreplay.results        | migreplay.trace migreplay.io
      migreplay.replay.engine  | migreplay.results migreplay.trace migreplay.io
      migreplay.replay.params  | migreplay.io
      migreplay.replay.xen     | migreplay.replay.engine migreplay.replay.params migreplay.results migreplay.trace migreplay.io
      migreplay.replay.manage  | migreplay.replay.params migreplay.io
      migreplay.replay.qemu    | migreplay.replay.manage migreplay.replay.engine migreplay.replay.params migreplay.results migreplay.trace migreplay.io
      migreplay.replay         | migreplay.replay.xen migreplay.replay.qemu migreplay.replay.engine migreplay.replay.params migreplay.io
      migreplay.replay.sweep   | migreplay.replay migreplay.replay.engine migreplay.replay.params migreplay.results migreplay.trace migreplay.io
      migreplay.report         | migreplay.results migreplay.replay.params migreplay.trace migreplay.io
      migreplay.validate       | migreplay.replay.qemu migreplay.replay.engine migreplay.replay.params migreplay.replay.sweep migreplay.report migreplay.results migreplay.trace migreplay.io
      """)
  void usesOnlyWhatItMay(String pkg, String allowed) {
    String[] may = allowed == null ? new String[0] : allowed.trim().split("\\s+");
    String[] ok = Arrays.copyOf(may, may.length + 2);
    ok[may.length] = pkg;
    ok[may.length + 1] = "java..";
    ArchRule rule = ArchRuleDefinition.noClasses().that().resideInAPackage(pkg).should()
        .dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("outside " + Arrays.toString(ok),
            c -> c.getPackageName().startsWith("migreplay") && !Arrays.asList(ok).contains(c.getPackageName())));
    rule.check(classes);
  }

  @Test
  void nothingUsesTheCommandLine() {
    ArchRuleDefinition.noClasses().that().resideOutsideOfPackage("migreplay.cli").should()
        .dependOnClassesThat().resideInAPackage("migreplay.cli").check(classes);
  }
}
