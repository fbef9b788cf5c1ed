package chat.core.model;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The look of a name, for telling names apart that a person cannot: the "skeleton" of Unicode UTS #39 (section 4),
 * with a small table in place of the full confusables.txt. Two names with the same skeleton are confusable: a new
 * account may not take a name whose skeleton another account has ({@code aIice1} and {@code alice1} are both
 * {@code alicel}).
 *
 * <p>As in UTS #39 a character maps to its prototype, possibly several characters ({@code m} to {@code rn}). The
 * table covers what matters for names: the ASCII look-alikes ({@code l I 1 |}, {@code O 0}, {@code rn m},
 * {@code vv w}, {@code cl d}), and the Cyrillic and Greek letters that look like Latin ones, for the day names allow
 * more than ASCII. Names are the same without regard to case, so the skeleton is taken of the name as written, then
 * in lower case, then mapped again: {@code Ian} (capital i) is confusable with {@code lan}, and {@code MAX} with
 * {@code rnax}.
 */
public final class NameSkeleton {

    private static final Map<Integer, String> PROTOTYPES = new HashMap<>();

    static {
        prototype("l", "lI1|\u0131\u0399\u0406\u04C0\u04CF\u01C0\u2160\u217C\uFF4C\uFF29");  // l, I, 1, |, dotless i...
        prototype("o", "oO0\u039F\u03BF\u041E\u043E\u03C3\u0585\u2134\uFF4F\uFF2F");           // o, O, 0, omicron, o...
        prototype("rn", "m\u043C\u041C\u039C");                                                 // m, Cyrillic m, Mu
        prototype("vv", "w\u0461\u051D\u0460");                                                 // w, omega, we
        prototype("cl", "d\u0501");                                                             // d, Cyrillic komi de
        prototype("a", "\u0430\u0410\u0391\u03B1");
        prototype("b", "\u0412\u0432\u0392\u042C\u044C");
        prototype("c", "\u0441\u0421\u03F2\u03F9");
        prototype("e", "\u0435\u0415\u0395");
        prototype("g", "\u0261");
        prototype("h", "\u04BB\u04BA\u041D\u043D\u0397");
        prototype("i", "\u0456\u03B9\u0269");
        prototype("j", "\u0458\u0408\u037F");
        prototype("k", "\u043A\u041A\u039A\u03BA");
        prototype("n", "\u039D\u0578");
        prototype("p", "\u0440\u0420\u03A1\u03C1");
        prototype("q", "\u051B\u0566");
        prototype("s", "\u0455\u0405");
        prototype("t", "\u0442\u0422\u03A4");
        prototype("u", "\u03C5\u057D");
        prototype("v", "\u03BD\u0475\u0474");
        prototype("x", "\u0445\u0425\u03A7\u03C7");
        prototype("y", "\u0443\u0423\u03A5\u04AF");
        prototype("z", "\u0396");
        prototype("-", "\u2010\u2011\u2012\u2013\u2212\u02D7\u06D4");
        prototype("_", "\uFF3F");
    }

    private NameSkeleton() {
    }

    private static void prototype(String prototype, String lookAlikes) {
        lookAlikes.codePoints().forEach(cp -> PROTOTYPES.put(cp, prototype));
    }

    /** The skeleton of {@code name}: equal for names a reader cannot tell apart. */
    public static String of(String name) {
        String mapped = map(Normalizer.normalize(name, Normalizer.Form.NFD));
        return map(mapped.toLowerCase(Locale.ROOT));
    }

    /** Whether two names look the same. */
    public static boolean confusable(String a, String b) {
        return of(a).equals(of(b));
    }

    private static String map(String text) {
        StringBuilder out = new StringBuilder(text.length() + 4);
        text.codePoints().forEach(cp -> {
            if (Character.getType(cp) == Character.NON_SPACING_MARK) {
                return; // accents: é looks like e in a name list
            }
            String prototype = PROTOTYPES.get(cp);
            if (prototype != null) {
                out.append(prototype);
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
