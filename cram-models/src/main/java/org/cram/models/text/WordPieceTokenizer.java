package org.cram.models.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A BERT WordPiece tokenizer configured from a Hugging Face {@code tokenizer.json} (normalizer
 * {@code BertNormalizer} or none, pre-tokenizer {@code BertPreTokenizer}, model {@code WordPiece}), producing the same
 * ids as Hugging Face tokenizers, e.g. {@code "A man is eating food."} gives
 * {@code [101, 1037, 2158, 2003, 5983, 2833, 1012, 102]} with bert-base-uncased's vocabulary.
 *
 * <p>Added tokens ({@code [CLS]}, {@code [SEP]}, {@code [PAD]}, {@code [UNK]}, {@code [MASK]}, ...) written
 * literally in the input are recognised before normalization, as Hugging Face does. Encodings are
 * {@code [CLS] A [SEP]} or {@code [CLS] A [SEP] B [SEP]}; truncation and padding are chosen per call (the
 * {@code truncation} and {@code padding} sections of the file are ignored). Offsets index the caller's strings in
 * UTF-16 units. Immutable and thread-safe.
 */
public final class WordPieceTokenizer {
    /** Largest tokenizer.json accepted. */
    public static final long MAX_FILE_BYTES = 64L << 20;

    private final Map<String, Integer> vocab;
    private final String[] idToToken;
    private final BertNormalizer normalizer;
    private final BertPreTokenizer preTokenizer = new BertPreTokenizer();
    private final WordPiece wordPiece;
    private final String prefix;
    private final List<String> addedTokens;
    private final Set<Integer> specialIds;
    private final int unkId;
    private final int clsId;
    private final int sepId;
    private final int padId;

    private WordPieceTokenizer(Map<String, Integer> vocab, BertNormalizer normalizer, String unk, String prefix,
                               int maxInputChars, List<String> addedTokens, Set<String> special, String cls,
                               String sep, String pad, String source) {
        this.vocab = Map.copyOf(vocab);
        int max = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        this.idToToken = new String[max + 1];
        vocab.forEach((k, v) -> idToToken[v] = k);
        this.normalizer = normalizer;
        this.prefix = prefix;
        this.unkId = id(unk, source);
        this.clsId = id(cls, source);
        this.sepId = id(sep, source);
        this.padId = id(pad, source);
        List<String> added = new ArrayList<>(addedTokens);
        added.sort(Comparator.comparingInt(String::length).reversed());
        this.addedTokens = List.copyOf(added);
        Set<Integer> sp = new HashSet<>();
        for (String s : special) {
            sp.add(id(s, source));
        }
        this.specialIds = Set.copyOf(sp);
        this.wordPiece = new WordPiece(vocab, unkId, prefix, maxInputChars);
    }

    private int id(String token, String source) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new JsonException(source + ": token '" + token + "' is not in the vocabulary");
        }
        return id;
    }

    /** Reads a tokenizer.json file. */
    public static WordPieceTokenizer fromJson(Path file) throws IOException {
        return fromJson(JsonNode.root(Json.parse(file, MAX_FILE_BYTES), file.toString()));
    }

    /** Reads a tokenizer.json from a stream (e.g. a class-path resource). */
    public static WordPieceTokenizer fromJson(InputStream in, String source) throws IOException {
        return fromJson(JsonNode.root(Json.parse(in, source, MAX_FILE_BYTES), source));
    }

    /**
     * Builds the tokenizer from a parsed tokenizer.json.
     *
     * @throws JsonException naming the JSON path of a missing or unsupported setting
     */
    public static WordPieceTokenizer fromJson(JsonNode root) {
        JsonNode model = root.get("model");
        String type = model.find("type").map(JsonNode::asString).orElse("WordPiece");
        if (!type.equals("WordPiece")) {
            throw model.get("type").error("unsupported model type '" + type + "' (only WordPiece)");
        }
        Map<String, Integer> vocab = new HashMap<>();
        JsonNode v = model.get("vocab");
        for (String token : v.keys()) {
            int id = v.get(token).asInt();
            if (id < 0) {
                throw v.get(token).error("negative token id " + id);
            }
            vocab.put(token, id);
        }
        String unk = model.find("unk_token").map(JsonNode::asString).orElse("[UNK]");
        String prefix = model.find("continuing_subword_prefix").map(JsonNode::asString).orElse("##");
        int maxChars = model.find("max_input_chars_per_word").map(JsonNode::asInt).orElse(100);

        BertNormalizer normalizer = null;
        var norm = root.find("normalizer");
        if (norm.isPresent()) {
            JsonNode n = norm.get();
            String nt = n.get("type").asString();
            if (!nt.equals("BertNormalizer")) {
                throw n.get("type").error("unsupported normalizer '" + nt + "' (only BertNormalizer or null)");
            }
            boolean lowercase = flag(n, "lowercase", true);
            boolean strip = n.find("strip_accents").map(JsonNode::asBoolean).orElse(lowercase);
            normalizer = new BertNormalizer(flag(n, "clean_text", true), flag(n, "handle_chinese_chars", true), strip,
                    lowercase);
        }
        var pre = root.find("pre_tokenizer");
        if (pre.isPresent() && !pre.get().get("type").asString().equals("BertPreTokenizer")) {
            throw pre.get().get("type").error("unsupported pre-tokenizer '" + pre.get().get("type").asString()
                    + "' (only BertPreTokenizer)");
        }

        List<String> added = new ArrayList<>();
        Set<String> special = new HashSet<>();
        for (JsonNode t : root.find("added_tokens").map(JsonNode::elements).orElse(List.of())) {
            String content = t.get("content").asString();
            if (content.isEmpty()) {
                throw t.get("content").error("empty added token");
            }
            added.add(content);
            if (t.find("special").map(JsonNode::asBoolean).orElse(false)) {
                special.add(content);
            }
            int id = t.get("id").asInt();
            if (id < 0) {
                throw t.get("id").error("negative token id " + id);
            }
            vocab.putIfAbsent(content, id);
        }
        // ids index a dense table: one far beyond the number of tokens would size it from a claim, not from data
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            if (e.getValue() >= vocab.size()) {
                throw v.error("token '" + e.getKey() + "' has id " + e.getValue() + ", outside [0, " + vocab.size()
                        + ") for a vocabulary of " + vocab.size() + " tokens");
            }
        }
        String cls = "[CLS]";
        String sep = "[SEP]";
        var post = root.find("post_processor");
        if (post.isPresent()) {
            JsonNode p = post.get();
            String pt = p.get("type").asString();
            if (pt.equals("BertProcessing")) {
                cls = first(p.get("cls")).asString();
                sep = first(p.get("sep")).asString();
            } else if (pt.equals("TemplateProcessing")) {
                JsonNode specials = p.get("special_tokens");
                if (!specials.keys().contains(cls) || !specials.keys().contains(sep)) {
                    throw specials.error("TemplateProcessing without [CLS] and [SEP] special tokens");
                }
            } else {
                throw p.get("type").error("unsupported post-processor '" + pt
                        + "' (BertProcessing or TemplateProcessing)");
            }
        }
        String pad = root.find("padding").flatMap(p -> p.find("pad_token")).map(JsonNode::asString).orElse("[PAD]");
        special.add(cls);
        special.add(sep);
        special.add(pad);
        return new WordPieceTokenizer(vocab, normalizer, unk, prefix, maxChars, added, special, cls, sep, pad,
                root.source());
    }

    /** The first element of a {@code [token, id]} pair. */
    private static JsonNode first(JsonNode pair) {
        List<JsonNode> elements = pair.elements();
        if (elements.isEmpty()) {
            throw pair.error("expected [token, id], got an empty list");
        }
        return elements.get(0);
    }

    private static boolean flag(JsonNode n, String key, boolean fallback) {
        return n.find(key).map(JsonNode::asBoolean).orElse(fallback);
    }

    /** Vocabulary size (largest id + 1). */
    public int vocabSize() {
        return idToToken.length;
    }

    /** The id of a token string; an error names it if it is not in the vocabulary. */
    public int tokenId(String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException("token '" + token + "' is not in the vocabulary");
        }
        return id;
    }

    /** The token string of an id. */
    public String token(int id) {
        if (id < 0 || id >= idToToken.length || idToToken[id] == null) {
            throw new IllegalArgumentException("token id " + id + " is not in the vocabulary");
        }
        return idToToken[id];
    }

    /** Id of [CLS]. */
    public int clsId() {
        return clsId;
    }

    /** Id of [SEP]. */
    public int sepId() {
        return sepId;
    }

    /** Id of [PAD]. */
    public int padId() {
        return padId;
    }

    /** Id of [UNK]. */
    public int unkId() {
        return unkId;
    }

    /** One token of a text without specials: id, string and offsets {@code [start, end)} in the text. */
    public record Token(int id, String text, int start, int end) {
    }

    /** The word-piece tokens of a text (no [CLS]/[SEP], no truncation). */
    public List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>();
        int segmentStart = 0;
        int i = 0;
        while (i < text.length()) {
            String added = addedTokenAt(text, i);
            if (added == null) {
                i++;
                continue;
            }
            tokenizeSegment(text, segmentStart, i, out);
            out.add(new Token(vocab.get(added), added, i, i + added.length()));
            i += added.length();
            segmentStart = i;
        }
        tokenizeSegment(text, segmentStart, text.length(), out);
        return out;
    }

    private String addedTokenAt(String text, int i) {
        for (String a : addedTokens) {
            if (text.startsWith(a, i)) {
                return a;
            }
        }
        return null;
    }

    private void tokenizeSegment(String text, int from, int to, List<Token> out) {
        if (from >= to) {
            return;
        }
        NormalizedText norm = normalizer != null ? normalizer.normalize(text, from, to) : identity(text, from, to);
        String n = norm.text();
        for (BertPreTokenizer.Span word : preTokenizer.split(n)) {
            String w = n.substring(word.start(), word.end());
            for (WordPiece.Piece piece : wordPiece.tokenize(w)) {
                int a = word.start() + piece.start();
                int b = word.start() + piece.end();
                out.add(new Token(piece.id(), idToToken[piece.id()], norm.originalStart(a), norm.originalEnd(b - 1)));
            }
        }
    }

    private static NormalizedText identity(String text, int from, int to) {
        NormalizedText.Builder b = new NormalizedText.Builder();
        for (int i = from; i < to; i++) {
            b.append(text.substring(i, i + 1), i, i + 1);
        }
        return b.build();
    }

    /** {@code [CLS] text [SEP]}, untruncated and unpadded. */
    public Encoding encode(String text) {
        return encode(text, null, 0, Truncation.LONGEST_FIRST, false);
    }

    /** {@code [CLS] text [SEP] pair [SEP]}, untruncated and unpadded. */
    public Encoding encode(String text, String pair) {
        return encode(text, pair, 0, Truncation.LONGEST_FIRST, false);
    }

    /**
     * Encodes a text or text pair.
     *
     * @param pair       the second text, or {@code null}
     * @param maxLength  the most tokens, specials included (0 for no limit)
     * @param truncation how to shorten a too-long input
     * @param padToMax   whether to pad to {@code maxLength}
     * @throws IllegalArgumentException when the input cannot be cut to {@code maxLength} with this strategy
     */
    public Encoding encode(String text, String pair, int maxLength, Truncation truncation, boolean padToMax) {
        List<Token> a = tokenize(text);
        List<Token> b = pair == null ? null : tokenize(pair);
        int specials = pair == null ? 2 : 3;
        if (maxLength < 0 || (maxLength > 0 && maxLength < specials)) {
            throw new IllegalArgumentException("max length " + maxLength + " leaves no room for the " + specials
                    + " special tokens");
        }
        if (padToMax && maxLength == 0) {
            throw new IllegalArgumentException("padding to the max length needs a max length > 0");
        }
        if (maxLength > 0) {
            int budget = maxLength - specials;
            int[] lengths = truncatedLengths(a.size(), b == null ? -1 : b.size(), budget, truncation);
            a = a.subList(0, lengths[0]);
            if (b != null) {
                b = b.subList(0, lengths[1]);
            }
        }
        int n = a.size() + specials + (b == null ? 0 : b.size());
        int[] ids = new int[n];
        int[] types = new int[n];
        int[] mask = new int[n];
        int[] seqIds = new int[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        String[] tokens = new String[n];
        int k = 0;
        k = special(clsId, 0, k, ids, types, seqIds, tokens);
        k = sequence(a, 0, k, ids, types, seqIds, starts, ends, tokens);
        k = special(sepId, 0, k, ids, types, seqIds, tokens);
        if (b != null) {
            k = sequence(b, 1, k, ids, types, seqIds, starts, ends, tokens);
            special(sepId, 1, k, ids, types, seqIds, tokens);
        }
        java.util.Arrays.fill(mask, 1);
        Encoding e = new Encoding(ids, types, mask, seqIds, starts, ends, tokens);
        return padToMax ? pad(e, maxLength) : e;
    }

    /** An encoding padded at the end with [PAD] to {@code length} tokens. */
    public Encoding pad(Encoding encoding, int length) {
        return encoding.padTo(length, padId, idToToken[padId]);
    }

    /** Lengths the two token sequences are cut to (tokenizers' algorithm; {@code nb < 0} for a single text). */
    static int[] truncatedLengths(int na, int nb, int budget, Truncation truncation) {
        if (nb < 0) {
            if (truncation == Truncation.ONLY_SECOND && na > budget) {
                throw new IllegalArgumentException("cannot truncate only the second text of a single text of " + na
                        + " tokens to " + budget);
            }
            return new int[] {Math.min(na, budget), 0};
        }
        if (na + nb <= budget) {
            return new int[] {na, nb};
        }
        switch (truncation) {
            case ONLY_FIRST -> {
                if (nb > budget) {
                    throw new IllegalArgumentException("the second text alone has " + nb + " tokens, more than the "
                            + budget + " left after special tokens; cannot truncate only the first");
                }
                return new int[] {budget - nb, nb};
            }
            case ONLY_SECOND -> {
                if (na > budget) {
                    throw new IllegalArgumentException("the first text alone has " + na + " tokens, more than the "
                            + budget + " left after special tokens; cannot truncate only the second");
                }
                return new int[] {na, budget - na};
            }
            default -> {
                int n1 = na;
                int n2 = nb;
                boolean swap = n1 > n2;
                if (swap) {
                    n1 = nb;
                    n2 = na;
                }
                n2 = n1 > budget ? n1 : Math.max(n1, budget - n1);
                if (n1 + n2 > budget) {
                    n1 = budget / 2;
                    n2 = n1 + budget % 2;
                }
                return swap ? new int[] {n2, n1} : new int[] {n1, n2};
            }
        }
    }

    private int special(int id, int type, int k, int[] ids, int[] types, int[] seqIds, String[] tokens) {
        ids[k] = id;
        types[k] = type;
        seqIds[k] = -1;
        tokens[k] = idToToken[id];
        return k + 1;
    }

    private static int sequence(List<Token> seq, int type, int k, int[] ids, int[] types, int[] seqIds, int[] starts,
                                int[] ends, String[] tokens) {
        for (Token t : seq) {
            ids[k] = t.id();
            types[k] = type;
            seqIds[k] = type;
            starts[k] = t.start();
            ends[k] = t.end();
            tokens[k] = t.text();
            k++;
        }
        return k;
    }

    /**
     * Text of ids as Hugging Face transformers' {@code decode} gives it: continuation pieces joined without
     * {@code ##}, other tokens separated by a space, then {@code clean_up_tokenization} (no space before
     * {@code . ? ! ,} and in contractions such as {@code 's}, {@code n't}).
     *
     * @param skipSpecial whether to leave out special tokens ([CLS], [SEP], [PAD], ...)
     */
    public String decode(int[] ids, boolean skipSpecial) {
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (int id : ids) {
            if (skipSpecial && specialIds.contains(id)) {
                continue;
            }
            String t = token(id);
            if (!first) {
                t = t.startsWith(prefix) ? t.substring(prefix.length()) : " " + t;
            }
            first = false;
            out.append(t);
        }
        return cleanup(out.toString());
    }

    private static String cleanup(String s) {
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",").replace(" ' ", "'")
                .replace(" n't", "n't").replace(" 'm", "'m").replace(" 's", "'s").replace(" 've", "'ve")
                .replace(" 're", "'re");
    }
}
