package migreplay.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on a terminal; nothing at all when output is not a terminal (CI logs, pipes). */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  static Progress start(String task, long total) {
    if (System.console() == null) {
      return new Progress(null);
    }
    return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).continuousUpdate().build());
  }

  void step() {
    if (bar != null) {
      synchronized (bar) {
        bar.step();
      }
    }
  }

  void stepTo(long n) {
    if (bar != null) {
      synchronized (bar) {
        bar.stepTo(n);
      }
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
