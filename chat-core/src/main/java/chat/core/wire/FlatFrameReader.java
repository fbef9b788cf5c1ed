package chat.core.wire;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fast path for the frames clients send all the time ({@code say}, {@code typing}, {@code ping}): a flat JSON
 * object whose values are strings, whole numbers, booleans, null or arrays of strings, read in one pass over the
 * line straight into the record's canonical constructor, without gson's reader (whose 2 KB buffer per line was
 * most of the server's allocation per message).
 *
 * <p>It never decides that a frame is wrong: whatever it does not accept as plainly right (nested objects, escapes it
 * does not know, numbers with fractions, duplicate keys, a record's own validation failing) makes it answer null,
 * and {@link FrameCodec} reads the line the general way, which gives the precise error. So it can only be faster,
 * never different; FlatFrameReaderTest checks that against gson on valid and mutated frames.
 */
final class FlatFrameReader {

    /** What one record type takes: its components by JSON name, in constructor order. */
    private static final class Shape {
        final Constructor<?> constructor;
        final Map<String, Integer> indexByName = new HashMap<>();
        /** The components' JSON names, to match a field name in place without making a String of it. */
        final String[] names;
        final Kind[] kinds;
        final boolean supported;

        Shape(Class<?> recordType) {
            RecordComponent[] components = recordType.getRecordComponents();
            kinds = new Kind[components.length];
            names = new String[components.length];
            Class<?>[] types = new Class<?>[components.length];
            boolean all = true;
            for (int i = 0; i < components.length; i++) {
                indexByName.put(components[i].getName(), i);
                names[i] = components[i].getName();
                types[i] = components[i].getType();
                kinds[i] = Kind.of(components[i].getGenericType());
                all &= kinds[i] != null;
            }
            Constructor<?> canonical;
            try {
                canonical = recordType.getDeclaredConstructor(types);
                canonical.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                canonical = null;
                all = false;
            }
            constructor = canonical;
            supported = all && components.length < 64;
        }
    }

    private enum Kind {
        STRING, INTEGER, LONG, BOOLEAN, STRING_LIST;

        static Kind of(Type type) {
            if (type == String.class) {
                return STRING;
            } else if (type == Integer.class) {
                return INTEGER;
            } else if (type == Long.class) {
                return LONG;
            } else if (type == Boolean.class) {
                return BOOLEAN;
            } else if (type instanceof ParameterizedType list && list.getRawType() == List.class
                    && list.getActualTypeArguments()[0] == String.class) {
                return STRING_LIST;
            }
            return null;
        }
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return new Shape(type);
        }
    };

    /** Thrown (without a stack) to give up on a line: the general path takes it from there. */
    private static final class NotFlat extends Exception {
        private static final long serialVersionUID = 1L;
        static final NotFlat INSTANCE = new NotFlat();

        private NotFlat() {
            super(null, null, false, false);
        }
    }

    private final String line;
    private int at;

    private FlatFrameReader(String line) {
        this.line = line;
    }

    /** The frame, or null when the line is not plainly a valid flat {@code type} frame. */
    static <F> F read(String line, Class<? extends F> recordType) {
        Shape shape = SHAPES.get(recordType);
        if (!shape.supported) {
            return null;
        }
        Object[] values;
        try {
            values = new FlatFrameReader(line).values(shape);
        } catch (NotFlat e) {
            return null;
        }
        try {
            return recordType.cast(shape.constructor.newInstance(values));
        } catch (InvocationTargetException | InstantiationException | IllegalAccessException e) {
            return null; // the record refused a value: the general path says which and why
        }
    }

    private Object[] values(Shape shape) throws NotFlat {
        Object[] values = new Object[shape.kinds.length];
        long seen = 0;
        boolean typeSeen = false;
        skipSpace();
        expect('{');
        skipSpace();
        if (peek() != '}') {
            while (true) {
                int index = fieldName(shape);
                skipSpace();
                expect(':');
                skipSpace();
                if (index == TYPE) {
                    if (typeSeen) {
                        throw NotFlat.INSTANCE;
                    }
                    typeSeen = true;
                    string(); // FrameCodec matched the type name before calling
                } else if (index == UNKNOWN) {
                    skipScalar(); // gson ignores unknown fields too
                } else {
                    if ((seen & (1L << index)) != 0) {
                        throw NotFlat.INSTANCE;
                    }
                    seen |= 1L << index;
                    values[index] = value(shape.kinds[index]);
                }
                skipSpace();
                if (peek() == ',') {
                    at++;
                    skipSpace();
                    continue;
                }
                break;
            }
        }
        expect('}');
        skipSpace();
        if (at != line.length() || !typeSeen) {
            throw NotFlat.INSTANCE;
        }
        return values;
    }

    private static final int TYPE = -2;
    private static final int UNKNOWN = -1;

    /**
     * A field's name: {@link #TYPE}, a component's index, or {@link #UNKNOWN}. Names are matched where they stand in
     * the line (every frame has a few; none needs a String of its own); one with an escape is read the long way.
     */
    private int fieldName(Shape shape) throws NotFlat {
        expect('"');
        int start = at;
        int length = line.length();
        while (at < length) {
            char c = line.charAt(at);
            if (c == '"') {
                break;
            }
            if (c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                at = start - 1;
                String name = string();
                Integer index = shape.indexByName.get(name);
                return name.equals("type") ? TYPE : index == null ? UNKNOWN : index;
            }
            at++;
        }
        if (at >= length) {
            throw NotFlat.INSTANCE;
        }
        int size = at - start;
        at++;
        if (size == 4 && line.startsWith("type", start)) {
            return TYPE;
        }
        String[] names = shape.names;
        for (int i = 0; i < names.length; i++) {
            if (names[i].length() == size && line.startsWith(names[i], start)) {
                return i;
            }
        }
        return UNKNOWN;
    }

    private Object value(Kind kind) throws NotFlat {
        if (line.startsWith("null", at)) {
            at += 4;
            return null;
        }
        switch (kind) {
            case STRING:
                return string();
            case INTEGER: {
                long value = wholeNumber();
                if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                    throw NotFlat.INSTANCE;
                }
                return (int) value;
            }
            case LONG:
                return wholeNumber();
            case BOOLEAN:
                if (line.startsWith("true", at)) {
                    at += 4;
                    return Boolean.TRUE;
                } else if (line.startsWith("false", at)) {
                    at += 5;
                    return Boolean.FALSE;
                }
                throw NotFlat.INSTANCE;
            default:
                return stringList();
        }
    }

    private List<String> stringList() throws NotFlat {
        expect('[');
        List<String> values = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            at++;
            return values;
        }
        while (true) {
            values.add(string());
            skipSpace();
            char next = peek();
            at++;
            if (next == ']') {
                return values;
            }
            if (next != ',') {
                throw NotFlat.INSTANCE;
            }
            skipSpace();
        }
    }

    /** A JSON string with the usual escapes; raw control characters and anything unusual give up. */
    private String string() throws NotFlat {
        expect('"');
        int start = at;
        int length = line.length();
        while (at < length) {
            char c = line.charAt(at);
            if (c == '"') {
                return line.substring(start, at++);
            }
            if (c == '\\') {
                return escapedString(start);
            }
            if (c < 0x20) {
                throw NotFlat.INSTANCE;
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || at + 1 >= length
                        || !Character.isLowSurrogate(line.charAt(at + 1))) {
                    throw NotFlat.INSTANCE; // a lone surrogate: the general path refuses it
                }
                at++;
            }
            at++;
        }
        throw NotFlat.INSTANCE;
    }

    private String escapedString(int start) throws NotFlat {
        StringBuilder out = new StringBuilder(line.length() - start);
        out.append(line, start, at);
        int length = line.length();
        while (at < length) {
            char c = line.charAt(at++);
            if (c == '"') {
                if (!FrameCodec.isUnicode(out)) {
                    throw NotFlat.INSTANCE; // an unpaired surrogate, raw or escaped: the general path refuses it
                }
                return out.toString();
            }
            if (c < 0x20) {
                throw NotFlat.INSTANCE;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= length) {
                throw NotFlat.INSTANCE;
            }
            char escape = line.charAt(at++);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > length) {
                        throw NotFlat.INSTANCE;
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(line.charAt(at++), 16);
                        if (digit < 0) {
                            throw NotFlat.INSTANCE;
                        }
                        code = code * 16 + digit;
                    }
                    out.append((char) code);
                }
                default -> throw NotFlat.INSTANCE;
            }
        }
        throw NotFlat.INSTANCE;
    }

    /** {@code -?(0|[1-9][0-9]*)} fitting a long; fractions, exponents and quoted numbers give up. */
    private long wholeNumber() throws NotFlat {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        int digitsStart = at;
        while (at < line.length() && line.charAt(at) >= '0' && line.charAt(at) <= '9') {
            at++;
        }
        int digits = at - digitsStart;
        if (digits == 0 || digits > 18 || (digits > 1 && line.charAt(digitsStart) == '0')) {
            throw NotFlat.INSTANCE;
        }
        char next = peek();
        if (next == '.' || next == 'e' || next == 'E') {
            throw NotFlat.INSTANCE;
        }
        return Long.parseLong(line, start, at, 10);
    }

    /** An unknown field's value: a string, number, boolean or null; arrays and objects give up. */
    private void skipScalar() throws NotFlat {
        char c = peek();
        if (c == '"') {
            string();
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            wholeNumber();
        } else if (line.startsWith("true", at) || line.startsWith("null", at)) {
            at += 4;
        } else if (line.startsWith("false", at)) {
            at += 5;
        } else {
            throw NotFlat.INSTANCE;
        }
    }

    private void skipSpace() {
        while (at < line.length()) {
            char c = line.charAt(at);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            at++;
        }
    }

    private char peek() {
        return at < line.length() ? line.charAt(at) : '\0';
    }

    private void expect(char c) throws NotFlat {
        if (peek() != c) {
            throw NotFlat.INSTANCE;
        }
        at++;
    }
}
