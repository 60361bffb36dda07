package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cram.api.track.RunStatus;

/** Checks that a run's meta.yaml is a complete document MLflow's file store reads. */
final class RunMetaAssertions {

    /** The keys MLflow's FileStore reads from a run's meta.yaml (as this store writes them). */
    static final List<String> REQUIRED_KEYS = List.of("artifact_uri", "end_time", "experiment_id",
            "lifecycle_stage", "run_id", "run_name", "run_uuid", "source_type", "start_time", "status", "user_id");

    private RunMetaAssertions() {
    }

    /** Asserts that {@code runDir/meta.yaml} parses, has every required key and consistent values. */
    static RunStatus assertComplete(Path runDir) {
        Path meta = runDir.resolve(FileStoreReader.META);
        Map<String, String> m = MlflowYaml.read(meta);
        assertThat(m).as(meta.toString()).containsKeys(REQUIRED_KEYS.toArray(String[]::new));
        assertThat(m.get("run_id")).as(meta + " run_id").isEqualTo(runDir.getFileName().toString())
                .isEqualTo(m.get("run_uuid"));
        assertThat(Long.parseLong(m.get("start_time"))).as(meta + " start_time").isPositive();
        RunStatus status = RunStatus.ofCode(Integer.parseInt(m.get("status")));
        if (status == RunStatus.RUNNING) {
            assertThat(m.get("end_time")).as(meta + " end_time of a RUNNING run").isNull();
        } else {
            assertThat(Long.parseLong(m.get("end_time"))).as(meta + " end_time").isPositive();
        }
        assertThat(m.get("lifecycle_stage")).as(meta.toString()).isEqualTo("active");
        assertThat(m.get("artifact_uri")).as(meta.toString()).startsWith("file:");
        return status;
    }
}
