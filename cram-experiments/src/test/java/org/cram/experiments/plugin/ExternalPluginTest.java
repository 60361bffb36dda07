package org.cram.experiments.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;
import org.cram.api.param.ParameterSet;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.sweep.OneShotSweep;
import org.cram.models.nn.Network;
import org.cram.models.zoo.ModelZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A compressor written, compiled and packaged outside the framework (here: at test time, into its own jar) is found
 * by the registry through a class loader and used in a one-shot sweep, with no change to framework code.
 */
class ExternalPluginTest {
    /** The whole plug-in, as a user would write it: one class and one services file. */
    private static final String SOURCE = """
            package com.example.cram;

            import java.util.LinkedHashMap;
            import java.util.Map;
            import org.cram.api.compress.*;
            import org.cram.api.param.ParameterSet;
            import org.nd4j.linalg.api.ndarray.INDArray;
            import org.nd4j.linalg.factory.Nd4j;

            /** Per-tensor magnitude pruning: each prunable tensor keeps its largest ceil(n * (1 - s)) weights. */
            public final class PerTensorProvider implements CompressorProvider {
                public String name() { return "per-tensor-demo"; }
                public String description() { return "example plug-in: per-tensor magnitude pruning"; }
                public Compressor create(CompressorOptions options) {
                    options.requireOnly(name(), java.util.Set.of());
                    return new Compressor() {
                        public String name() { return "per-tensor-demo"; }
                        public boolean supports(CompressionTarget t) { return t instanceof CompressionTarget.Sparsity; }
                        public Mask compress(ParameterSet params, CompressionTarget t) {
                            double s = ((CompressionTarget.Sparsity) t).fraction();
                            Map<Integer, INDArray> masks = new LinkedHashMap<>();
                            for (int i : params.prunableIndices()) {
                                INDArray w = params.get(i).value();
                                double[] v = w.dup().data().asDouble();
                                double[] a = new double[v.length];
                                for (int j = 0; j < v.length; j++) a[j] = Math.abs(v[j]);
                                double[] sorted = a.clone();
                                java.util.Arrays.sort(sorted);
                                int keep = (int) Math.ceil(v.length * (1 - s));
                                double tau = keep == 0 ? Double.POSITIVE_INFINITY : sorted[v.length - keep];
                                double[] m = new double[v.length];
                                for (int j = 0; j < v.length; j++) m[j] = a[j] >= tau ? 1 : 0;
                                INDArray mask = Nd4j.create(m, w.shape(), 'c').castTo(w.dataType());
                                w.muli(mask);
                                masks.put(i, mask);
                            }
                            return new Mask(masks);
                        }
                    };
                }
            }
            """;

    @Test
    void aCompressorInItsOwnJarIsDiscoveredAndUsedInASweep(@TempDir Path dir) throws Exception {
        Path jar = buildPluginJar(dir);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ExternalPluginTest.class.getClassLoader())) {
            CompressorRegistry registry = new CompressorRegistry(loader);
            assertThat(registry.names()).contains("global-magnitude", "per-tensor-demo");
            CompressorProvider provider = registry.provider("per-tensor-demo");
            assertThat(provider.getClass().getClassLoader()).isSameAs(loader);

            Compressor c = provider.create(CompressorOptions.empty());
            Network model = ModelZoo.build(new ModelZoo.ModelSpec("lenet-300-100", 1, 4, 4, 3, DataType.FLOAT, 1));
            ParameterSet params = model.parameters();
            var data = new org.cram.experiments.data.InMemoryImageDataset("tiny", new float[40 * 16],
                    new int[40], 3, 1, 4, 4);
            List<OneShotSweep.Point> points = OneShotSweep.run(model, c, org.cram.optim.CramSpec.sparsityTargets(List.of(0.5, 0.9)), data,
                    new OneShotSweep.Retuning(false, data, 1, 8, null, 0), p -> { });
            assertThat(points).extracting(OneShotSweep.Point::target)
                    .containsExactly(CompressionTarget.sparsity(0.5), CompressionTarget.sparsity(0.9));
            assertThat(points.get(1).sparsityOfPrunable()).isBetween(0.89, 0.91);
            // the sweep restored the dense model
            assertThat(params.get(0).value().neq(0).castTo(DataType.INT32).sumNumber().longValue())
                    .isEqualTo(params.get(0).numel());
            assertThat(c.supports(new CompressionTarget.NOfM(2, 4))).isFalse();
        }
    }

    /** javac + jar, as the plug-in's own build would do. */
    private static Path buildPluginJar(Path dir) throws Exception {
        Path src = dir.resolve("src/com/example/cram/PerTensorProvider.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, SOURCE);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.toString());
        assertThat(rc).as("javac exit code").isZero();
        Path jar = dir.resolve("per-tensor-demo.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + CompressorProvider.class.getName()));
            out.write("com.example.cram.PerTensorProvider\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
