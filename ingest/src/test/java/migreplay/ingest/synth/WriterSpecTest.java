package migreplay.ingest.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WriterSpecTest {
  @Test
  void theTextIsTheSameWhateverTheOrderTypedAndTheJvm() {
    // toString() goes into the trace's notes: Map.copyOf iterated in an order that changed between JVMs, so
    // the same synth command wrote different bytes from one run to the next.
    assertEquals("hot:p=0.5,pages=10", WriterSpec.parse("hot:pages=10,p=0.5").toString());
    assertEquals("hot:p=0.5,pages=10", WriterSpec.parse("hot:p=0.5,pages=10").toString());
    assertEquals("zipf:offset=5,pages=100,rate=50,s=1.1", WriterSpec.parse("zipf:s=1.1,rate=50,pages=100,offset=5").toString());
  }

  @Test
  void pagesMustBeAtLeastOneAndNumbersFinite() {
    for (String bad : new String[] {"zipf:pages=0,s=1.1,rate=10", "hot:pages=0,p=0.5", "cold:rate=NaN",
        "cold:rate=Infinity", "cold:rate=-1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WriterSpec.parse(bad));
      assertTrue(e.getMessage().startsWith("writer "), e.getMessage());
    }
  }
}
