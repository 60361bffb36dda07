package org.cram.models.text;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Hugging Face tokenizers' {@code BertNormalizer}, applied per code point in its order: clean text (drop NUL, U+FFFD
 * and other control/format/unassigned/private/surrogate characters except tab, newline and carriage return; map
 * whitespace to a space), pad CJK ideographs with spaces, strip accents (NFD, drop non-spacing marks), lowercase
 * (full Unicode lowercase mapping). Keeps each output char's span in the input.
 */
public final class BertNormalizer {
    private final boolean cleanText;
    private final boolean handleChineseChars;
    private final boolean stripAccents;
    private final boolean lowercase;

    /**
     * @param stripAccents as tokenizer.json's {@code strip_accents}, whose {@code null} means "same as lowercase"
     */
    public BertNormalizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase) {
        this.cleanText = cleanText;
        this.handleChineseChars = handleChineseChars;
        this.stripAccents = stripAccents;
        this.lowercase = lowercase;
    }

    /** Normalizes {@code text[from, to)}; the spans are indices into {@code text}. */
    public NormalizedText normalize(String text, int from, int to) {
        NormalizedText.Builder out = new NormalizedText.Builder();
        int i = from;
        while (i < to) {
            int cp = text.codePointAt(i);
            int end = i + Character.charCount(cp);
            if (cleanText) {
                if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                    i = end;
                    continue;
                }
                if (Characters.isWhitespace(cp)) {
                    cp = ' ';
                }
            }
            if (handleChineseChars && Characters.isChinese(cp)) {
                out.append(" ", i, end);
                out.append(transform(cp), i, end);
                out.append(" ", i, end);
            } else {
                out.append(transform(cp), i, end);
            }
            i = end;
        }
        return out.build();
    }

    /** Normalizes the whole text. */
    public NormalizedText normalize(String text) {
        return normalize(text, 0, text.length());
    }

    private String transform(int cp) {
        String s = new String(Character.toChars(cp));
        if (stripAccents) {
            String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
            StringBuilder kept = new StringBuilder(nfd.length());
            nfd.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                    .forEach(kept::appendCodePoint);
            s = kept.toString();
        }
        return lowercase ? s.toLowerCase(Locale.ROOT) : s;
    }

    /** Control in Hugging Face's extended sense (categories Cc, Cf, Cn, Co, Cs), but not tab, newline, CR. */
    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE,
                 Character.SURROGATE -> true;
            default -> false;
        };
    }
}
