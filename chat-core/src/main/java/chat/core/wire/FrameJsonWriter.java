package chat.core.wire;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Writes a frame record as JSON exactly as gson does with our settings (component order, null fields left out, no
 * HTML escaping, gson's string escapes), without gson's writer objects: every message the server sends goes
 * through here, so it appends straight into one reused builder per thread. Records with a component of another
 * type than String, Integer, Long, Boolean, a nested record or a List of those are not handled ({@link #write}
 * answers null) and take gson's way. FrameJsonWriterTest compares the two on every frame type.
 */
final class FrameJsonWriter {

    /** How to write one record type, or {@code supported == false}. */
    private static final class Shape {
        final String[] names;
        final Method[] accessors;
        final boolean supported;

        Shape(Class<?> recordType) {
            RecordComponent[] components = recordType.getRecordComponents();
            names = new String[components.length];
            accessors = new Method[components.length];
            boolean all = true;
            for (int i = 0; i < components.length; i++) {
                names[i] = "\"" + components[i].getName() + "\":";
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
                all &= writable(components[i].getGenericType());
            }
            supported = all;
        }

        private static boolean writable(Type type) {
            if (type == String.class || type == Integer.class || type == Long.class || type == Boolean.class) {
                return true;
            }
            if (type instanceof Class<?> nested && nested.isRecord()) {
                return SHAPES.get(nested).supported;
            }
            return type instanceof ParameterizedType list && list.getRawType() == List.class
                    && writable(list.getActualTypeArguments()[0]);
        }
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return new Shape(type);
        }
    };

    private static final int KEEP_BUILDER_CHARS = 64 * 1024;
    private static final ThreadLocal<StringBuilder> BUILDERS = ThreadLocal.withInitial(() -> new StringBuilder(512));
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private FrameJsonWriter() {
    }

    /**
     * {@code {"type":"NAME",...the record's fields...}}, or null when the record's type is not handled here.
     */
    static String write(Record frame, String typeName) {
        return write(frame, typeName, false);
    }

    /** {@link #write(Record, String)}, with a newline at the end when {@code line}: a frame ready to send. */
    static String write(Record frame, String typeName, boolean line) {
        Shape shape = SHAPES.get(frame.getClass());
        if (!shape.supported) {
            return null;
        }
        StringBuilder out = BUILDERS.get();
        out.setLength(0);
        out.append("{\"type\":");
        string(typeName, out);
        fields(frame, shape, out, true);
        if (line) {
            out.append('\n');
        }
        String json = out.toString();
        if (out.capacity() > KEEP_BUILDER_CHARS) {
            BUILDERS.remove(); // one huge frame (a file chunk) does not keep its builder forever
        }
        return json;
    }

    private static void fields(Record record, Shape shape, StringBuilder out, boolean afterType) {
        boolean first = !afterType;
        for (int i = 0; i < shape.accessors.length; i++) {
            Object value = get(shape.accessors[i], record);
            if (value == null) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(shape.names[i]);
            value(value, out);
        }
        out.append('}');
    }

    private static void value(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(text, out);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Record nested) {
            out.append('{');
            fields(nested, SHAPES.get(nested.getClass()), out, false);
        } else {
            List<?> list = (List<?>) value;
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(list.get(i), out);
            }
            out.append(']');
        }
    }

    /** A JSON string with gson's escapes (HTML escaping off). */
    private static void string(String text, StringBuilder out) {
        out.append('"');
        int start = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            String replacement;
            if (c == '"') {
                replacement = "\\\"";
            } else if (c == '\\') {
                replacement = "\\\\";
            } else if (c >= 0x20 && c != '\u2028' && c != '\u2029') {
                continue;
            } else {
                replacement = switch (c) {
                    case '\t' -> "\\t";
                    case '\b' -> "\\b";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\f' -> "\\f";
                    default -> null;
                };
            }
            out.append(text, start, i);
            if (replacement != null) {
                out.append(replacement);
            } else {
                out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                        .append(HEX[c & 0xf]);
            }
            start = i + 1;
        }
        out.append(text, start, length).append('"');
    }

    private static Object get(Method accessor, Record record) {
        try {
            return accessor.invoke(record);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
