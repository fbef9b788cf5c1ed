package chat.core.wire;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns JSON lines into frame records and back. The only class that knows gson.
 *
 * <p>A frame is one JSON object on one line with a string {@code "type"}; the type of each record is its simple
 * name in snake_case ({@code PartnerLeft} is {@code partner_left}). Parsing is strict (RFC 8259: no comments, no
 * unquoted names, nothing after the object) with a nesting limit; unknown fields are ignored so that either side can
 * add fields without breaking the other. Fields that are {@code null} are left out when encoding.
 */
public final class FrameCodec {

    private static final int NESTING_LIMIT = 32;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping()
            .registerTypeAdapter(String.class, unicodeString())
            .registerTypeAdapter(Integer.class, wholeNumber(Integer::parseInt))
            .registerTypeAdapter(Long.class, wholeNumber(Long::parseLong))
            .create();
    private static final ClassValue<String> TYPE_NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return snakeCase(type.getSimpleName());
        }
    };
    private static final Map<String, Class<? extends ClientFrame>> CLIENT_TYPES = typesOf(ClientFrame.class);
    private static final Map<String, Class<? extends ServerFrame>> SERVER_TYPES = typesOf(ServerFrame.class);
    private static final String TYPE_FIELD = "{\"type\":\"";
    private static final ClassValue<String> TYPE_PREFIXES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return TYPE_FIELD + typeName(type) + "\",";
        }
    };

    private FrameCodec() {
    }

    /** Decodes a line a client sent. */
    public static ClientFrame decodeClient(String line) throws FrameException {
        ClientFrame frame = decode(line, CLIENT_TYPES);
        if (frame.id() != null && frame.id().length() > ClientFrame.MAX_ID_LENGTH) {
            throw new FrameException(ErrorCode.BAD_FIELD, "field \"id\" may be at most " + ClientFrame.MAX_ID_LENGTH
                    + " characters long");
        }
        return frame;
    }

    /** Decodes a client line without {@link FlatFrameReader}'s fast path: the reference its tests compare with. */
    static ClientFrame decodeClientWithoutFastPath(String line) throws FrameException {
        return decodeCarefully(line, CLIENT_TYPES);
    }

    /** Decodes a line the server sent. */
    public static ServerFrame decodeServer(String line) throws FrameException {
        return decode(line, SERVER_TYPES);
    }

    /** Encodes a frame as one JSON line, without the trailing newline. */
    public static String encode(ClientFrame frame) {
        return encode((Record) frame);
    }

    /**
     * Encodes a client frame with {@code id} as its request id, whatever id the record carries: the way a client
     * numbers the requests it builds from typed commands.
     */
    public static String encode(ClientFrame frame, String id) {
        JsonObject object = toJsonObject((Record) frame);
        object.addProperty("id", id);
        return GSON.toJson(object);
    }

    /** Encodes a frame as one JSON line, without the trailing newline. */
    public static String encode(ServerFrame frame) {
        return encode((Record) frame);
    }

    /** A server frame as the bytes of one line, newline included: what goes on the wire. */
    public static byte[] encodeLine(ServerFrame frame) {
        byte[] hot = HotFrameBytes.line(frame);
        if (hot != null) {
            return hot;
        }
        String line = FrameJsonWriter.write((Record) frame, typeName(frame.getClass()), true);
        if (line == null) {
            line = encodeWithGson((Record) frame) + "\n";
        }
        return line.getBytes(StandardCharsets.UTF_8);
    }

    /** The wire name of a frame type, e.g. {@code partner_left}. */
    public static String typeName(Class<?> frameType) {
        return TYPE_NAMES.get(frameType);
    }

    /** The record's own JSON with {@code "type"} put first: one pass, no tree. */
    private static String encode(Record frame) {
        String direct = FrameJsonWriter.write(frame, typeName(frame.getClass()));
        if (direct != null) {
            return direct;
        }
        return encodeWithGson(frame);
    }

    /** {@link #encode(Record)} the general way: the reference FrameJsonWriterTest compares with. */
    static String encodeWithGson(Record frame) {
        String body = GSON.toJson(frame);
        String prefix = TYPE_PREFIXES.get(frame.getClass());
        return body.length() == 2 ? prefix.substring(0, prefix.length() - 1) + "}" : prefix + body.substring(1);
    }

    private static JsonObject toJsonObject(Record frame) {
        JsonObject object = new JsonObject();
        object.addProperty("type", typeName(frame.getClass()));
        for (Map.Entry<String, JsonElement> field : GSON.toJsonTree(frame).getAsJsonObject().entrySet()) {
            object.add(field.getKey(), field.getValue());
        }
        return object;
    }

    private static <F> F decode(String line, Map<String, Class<? extends F>> types) throws FrameException {
        F frame = decodeCommonShape(line, types);
        return frame != null ? frame : decodeCarefully(line, types);
    }

    /**
     * The shape nearly every frame has, {@code {"type":"name",...}}, read in one strict streaming pass without a
     * tree. Anything else, and anything that fails here, goes the careful way, which also finds the request id for
     * the error reply; so errors cost two passes and good frames one.
     */
    private static <F> F decodeCommonShape(String line, Map<String, Class<? extends F>> types) {
        if (!line.startsWith(TYPE_FIELD)) {
            return null;
        }
        int end = line.indexOf('"', TYPE_FIELD.length());
        if (end < 0) {
            return null;
        }
        Class<? extends F> recordType = types.get(line.substring(TYPE_FIELD.length(), end));
        if (recordType == null) {
            return null;
        }
        F flat = FlatFrameReader.read(line, recordType);
        if (flat != null) {
            return flat;
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(line));
            reader.setStrictness(Strictness.STRICT);
            reader.setNestingLimit(NESTING_LIMIT);
            F frame = GSON.getAdapter(recordType).read(reader);
            return reader.peek() == JsonToken.END_DOCUMENT ? frame : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static <F> F decodeCarefully(String line, Map<String, Class<? extends F>> types)
            throws FrameException {
        JsonElement element = parseStrict(line);
        if (!element.isJsonObject()) {
            throw new FrameException(ErrorCode.NOT_AN_OBJECT, "a frame must be a JSON object");
        }
        JsonObject object = element.getAsJsonObject();
        String requestId = stringOrNull(object.get("id"));
        JsonElement typeElement = object.get("type");
        if (typeElement == null || typeElement.isJsonNull()) {
            throw new FrameException(ErrorCode.MISSING_FIELD, "missing field \"type\"", requestId);
        }
        if (!isString(typeElement)) {
            throw new FrameException(ErrorCode.BAD_FIELD, "field \"type\" must be a string", requestId);
        }
        String type = typeElement.getAsString();
        Class<? extends F> recordType = types.get(type);
        if (recordType == null) {
            throw new FrameException(ErrorCode.UNKNOWN_TYPE, "unknown frame type \"" + type + "\"", requestId);
        }
        try {
            return GSON.fromJson(object, recordType);
        } catch (RuntimeException e) {
            InvalidFrameException invalid = findInvalidFrame(e);
            if (invalid != null) {
                throw new FrameException(invalid.code(), invalid.getMessage(), requestId);
            }
            throw new FrameException(ErrorCode.BAD_FIELD, "a field of \"" + type + "\" has the wrong type",
                    requestId);
        }
    }

    private static JsonElement parseStrict(String line) throws FrameException {
        try {
            JsonReader reader = new JsonReader(new StringReader(line));
            reader.setStrictness(Strictness.STRICT);
            reader.setNestingLimit(NESTING_LIMIT);
            JsonElement element = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new FrameException(ErrorCode.BAD_JSON, "unexpected text after the JSON value");
            }
            return element;
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new FrameException(ErrorCode.BAD_JSON, "not valid JSON");
        }
    }

    private static InvalidFrameException findInvalidFrame(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidFrameException invalid) {
                return invalid;
            }
        }
        return null;
    }

    private static boolean isString(JsonElement element) {
        return element.isJsonPrimitive() && ((JsonPrimitive) element).isString();
    }

    private static String stringOrNull(JsonElement element) {
        if (element == null || !element.isJsonPrimitive()) {
            return null;
        }
        String text = element.getAsString();
        return isUnicode(text) ? text : null;
    }

    /** Whether {@code text} is well-formed UTF-16: every surrogate is half of a pair. */
    static boolean isUnicode(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads strings that are Unicode text only. JSON lets an escaped lone surrogate ({@code "\\ud800"}) through
     * (RFC 8259 leaves it to the reader); such a string cannot be shown, stored or sent on as UTF-8 without being
     * changed, so it is refused.
     */
    private static TypeAdapter<String> unicodeString() {
        return new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, String value) throws IOException {
                out.value(value);
            }

            @Override
            public String read(JsonReader in) throws IOException {
                if (in.peek() == JsonToken.NULL) {
                    in.nextNull();
                    return null;
                }
                String text = in.nextString();
                if (!isUnicode(text)) {
                    throw new InvalidFrameException(ErrorCode.BAD_FIELD,
                            "a string holds an unpaired UTF-16 surrogate (such as \\ud800); strings must be Unicode text");
                }
                return text;
            }
        };
    }

    /** Reads whole numbers only: gson would quietly cut {@code 2.5} down to {@code 2}. */
    private static <N extends Number> TypeAdapter<N> wholeNumber(Function<String, N> parse) {
        return new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, N value) throws IOException {
                if (value == null) {
                    out.nullValue();
                } else {
                    out.value(value);
                }
            }

            @Override
            public N read(JsonReader in) throws IOException {
                if (in.peek() == JsonToken.NULL) {
                    in.nextNull();
                    return null;
                }
                String text = in.nextString();
                try {
                    return parse.apply(text);
                } catch (NumberFormatException e) {
                    throw new JsonSyntaxException("not a whole number: " + text, e);
                }
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <F> Map<String, Class<? extends F>> typesOf(Class<F> sealedType) {
        Map<String, Class<? extends F>> types = new HashMap<>();
        for (Class<?> subtype : sealedType.getPermittedSubclasses()) {
            types.put(typeName(subtype), (Class<? extends F>) subtype);
        }
        return Map.copyOf(types);
    }

    private static String snakeCase(String camelCase) {
        StringBuilder out = new StringBuilder(camelCase.length() + 4);
        for (int i = 0; i < camelCase.length(); i++) {
            char c = camelCase.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                out.append('_');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
