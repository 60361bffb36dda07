package org.cram.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.cram.api.track.RunTracker;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.wiring.CompressionModule;
import org.cram.experiments.wiring.ExperimentModule;
import org.cram.experiments.wiring.TrackingModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ImageNet-style folder config runs end to end: lazy JPEG decoding, 224x224 crops, sweep with re-tuning. */
class ImageFolderExperimentTest {

    private static void images(Path dir, String cls, Color color, int n) throws Exception {
        Files.createDirectories(dir.resolve(cls));
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(260 + 7 * i, 240, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.setRGB(x, y, (x + y + i) % 9 == 0 ? Color.WHITE.getRGB() : color.getRGB());
                }
            }
            ImageIO.write(img, "jpg", dir.resolve(cls).resolve("img" + i + ".jpg").toFile());
        }
    }

    @Test
    void trainsAndSweepsOnJpegClassFolders(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("imagenet");
        for (String split : List.of("train", "val")) {
            images(root.resolve(split), "blue", Color.BLUE, 4);
            images(root.resolve(split), "red", Color.RED, 4);
        }
        ExperimentConfig config = new ConfigLoader(CompressorRegistry.standard().names()).parse("""
                experiment: folders
                data: {dataset: imagefolder, dir: %s}
                models: [cnn-bn]
                training: {epochs: 1, batch_size: 4}
                optimizers: {sgd: {type: sgd, lr: 0.05, momentum: 0.9}}
                sweep: {sparsities: [0, 0.5], bn_retune: {calibration_size: 4, forward_passes: 2, batch_size: 2,
                        padding: 0, flip_probability: 0}}
                tracking: {store: %s}
                """.formatted(root, dir.resolve("mlruns")), "f.yaml", List.of());
        Injector injector = Guice.createInjector(new CompressionModule(CompressorRegistry.standard()),
                new ExperimentModule(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new RunOptions(Optional.empty(), List.of(), false, dir.resolve("ckpt"))),
                new TrackingModule(config.tracking().store()));
        ResultTable table;
        try (RunTracker tracker = injector.getInstance(RunTracker.class)) {
            ExperimentData data = injector.getInstance(ExperimentData.class);
            assertThat(data.train().featureShape()).containsExactly(3, 224, 224);
            assertThat(data.classNames()).containsExactly("blue", "red");
            table = injector.getInstance(TrainSweepExperiment.class).run();
        }
        assertThat(table.rows().get(0).accuracies()).hasSize(2).allSatisfy(a -> assertThat(a).isBetween(0.0, 1.0));
    }
}
