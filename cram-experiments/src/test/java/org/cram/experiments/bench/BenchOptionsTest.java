package org.cram.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void defaultsAreTheIssuesModelsWithTopKAndNoSoak() {
        BenchCommand.Options o = BenchCommand.Options.parse(List.of());
        assertThat(o.models()).containsExactly("lenet-300-100", "resnet20", "bert-minilm");
        assertThat(o.reps()).isEqualTo(BenchCommand.DEFAULT_REPS);
        assertThat(o.warmup()).isEqualTo(BenchCommand.DEFAULT_WARMUP);
        assertThat(o.soak()).isZero();
        assertThat(o.topK()).isTrue();
        assertThat(o.profile()).isEmpty();
        assertThat(o.allocatorAblation()).isFalse();
    }

    @Test
    void everyOptionIsRead() {
        BenchCommand.Options o = BenchCommand.Options.parse(List.of("--models", "resnet20,cnn-bn", "--reps", "7",
                "--warmup", "2", "--soak", "1000", "--no-topk", "--profile", "resnet20", "--allocator-ablation"));
        assertThat(o).isEqualTo(new BenchCommand.Options(List.of("resnet20", "cnn-bn"), 2, 7, 1000, false,
                "resnet20", true));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> BenchCommand.Options.parse(List.of("--reps", "many")))
                .hasMessageContaining("--reps").hasMessageContaining("'many'");
        assertThatThrownBy(() -> BenchCommand.Options.parse(List.of("--speed", "3")))
                .hasMessageContaining("unknown option '--speed'");
        assertThatThrownBy(() -> BenchCommand.Options.parse(List.of("--soak")))
                .hasMessageContaining("'--soak' needs a value");
        assertThatThrownBy(() -> BenchCommand.Options.parse(List.of("--reps", "0")))
                .hasMessageContaining("reps 0");
    }
}
