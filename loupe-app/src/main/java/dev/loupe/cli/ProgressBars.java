package dev.loupe.cli;

import dev.loupe.train.TrainingListener;
import dev.loupe.train.TrainingProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on standard error for long work, so standard output stays clean for results. */
public final class ProgressBars {
    private ProgressBars() {
    }

    /** A bar for {@code total} units of work named {@code task}. */
    public static ProgressBar create(String task, long total) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).continuousUpdate().setMaxRenderedLength(110)
                .setConsumer(new ConsoleProgressBarConsumer(System.err, 110)).build();
    }

    /**
     * A training listener showing one bar per epoch with the loss, the running accuracy and the images per second;
     * call {@link TrainingBar#close()} when training ends.
     */
    public static TrainingBar training() {
        return new TrainingBar();
    }

    /** One bar per epoch, updated every step. */
    public static final class TrainingBar implements TrainingListener, AutoCloseable {
        private ProgressBar bar;
        private int barEpoch = -1;

        @Override
        public int stepInterval() {
            return 1;
        }

        @Override
        public void onSteps(TrainingProgress p) {
            if (p.epoch() != barEpoch) {
                close();
                bar = create(String.format("epoch %d/%d", p.epoch(), p.epochs()), p.stepsPerEpoch());
                barEpoch = p.epoch();
            }
            bar.stepTo(p.stepInEpoch());
            bar.setExtraMessage(String.format(" loss %.4f  acc %.4f  %,.0f img/s", p.loss(), p.accuracy(),
                    p.imagesPerSecond()));
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
