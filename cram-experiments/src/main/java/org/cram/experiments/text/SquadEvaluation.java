package org.cram.experiments.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cram.api.data.Batch;
import org.cram.api.data.Dataset;
import org.cram.api.model.ForwardMode;
import org.cram.api.model.Model;
import org.cram.experiments.train.TestMetric;
import org.cram.models.bert.SpanCrossEntropy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The test metric of SQuAD v1.1: every question's answer predicted by {@link SpanDecoder} from the model's start and
 * end logits, scored by the official F1 (the headline, {@code f1}) and exact match ({@code exact_match}) of
 * {@link SquadMetrics}; the loss is {@link SpanCrossEntropy}. The test set must be a {@link SquadDataset}.
 */
public final class SquadEvaluation implements TestMetric {
    /** The detail name of the exact-match score. */
    public static final String EXACT_MATCH = "exact_match";
    private final SpanDecoder decoder;

    /** @param maxAnswerLength the most tokens of a predicted answer */
    public SquadEvaluation(int maxAnswerLength) {
        this.decoder = new SpanDecoder(maxAnswerLength);
    }

    @Override
    public String name() {
        return "f1";
    }

    @Override
    public Score evaluate(Model model, Dataset test, int batchSize) {
        if (!(test instanceof SquadDataset squad)) {
            throw new IllegalArgumentException("SQuAD evaluation needs a SQuAD test set, got " + test.name());
        }
        List<String> predictions = new ArrayList<>(squad.size());
        List<List<String>> references = new ArrayList<>(squad.size());
        double lossSum = 0;
        for (int from = 0; from < squad.size(); from += batchSize) {
            int[] indices = new int[Math.min(batchSize, squad.size() - from)];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = from + i;
            }
            Batch batch = squad.batch(indices);
            INDArray logits = model.output(batch, ForwardMode.EVAL); // [n, 2, seq]
            lossSum += SpanCrossEntropy.compute(logits.permute(0, 2, 1), batch.labels(),
                    batch.labels(Batch.END_POSITIONS)).loss() * indices.length;
            int seq = (int) logits.size(2);
            double[] z = logits.dup('c').data().asDouble();
            for (int i = 0; i < indices.length; i++) {
                SquadExample example = squad.example(indices[i]);
                double[] start = Arrays.copyOfRange(z, 2 * i * seq, (2 * i + 1) * seq);
                double[] end = Arrays.copyOfRange(z, (2 * i + 1) * seq, (2 * i + 2) * seq);
                predictions.add(decoder.answer(start, end, squad.feature(indices[i]).encoding(), example.context()));
                references.add(example.answers().stream().map(SquadExample.Answer::text).toList());
            }
        }
        SquadMetrics.Result r = SquadMetrics.score(predictions, references);
        return new Score(r.f1(), lossSum / squad.size(), Map.of(EXACT_MATCH, r.exactMatch()), Optional.empty());
    }
}
