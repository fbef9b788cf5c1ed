package chat.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The direct writer must write byte for byte what gson writes: checked on random instances of every frame type,
 * with strings full of what JSON must escape (quotes, backslashes, control characters, U+2028) and emoji.
 */
class FrameJsonWriterTest {

    private static final String[] PIECES = {"a", "hello", "\"", "\\", "\n", "\t", "\r", "\b", "\f", "\u0001", "\u001f",
        "\u007f", "\u2028", "\u2029", "😀", "你好", "<script>&'=", "/", "é", " "};

    @Test
    void everyFrameTypeIsWrittenExactlyAsGsonWritesIt() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        int compared = 0;
        for (Class<?> sealed : List.of(ServerFrame.class, ClientFrame.class)) {
            for (Class<?> type : sealed.getPermittedSubclasses()) {
                for (int i = 0; i < 200; i++) {
                    Record frame = instance(type, random, 0);
                    if (frame == null) {
                        continue; // the record refused the random values
                    }
                    String direct = FrameJsonWriter.write(frame, FrameCodec.typeName(type));
                    assertThat(direct).as(type.getSimpleName()).isEqualTo(FrameCodec.encodeWithGson(frame));
                    if (frame instanceof ServerFrame serverFrame) {
                        assertThat(FrameCodec.encodeLine(serverFrame))
                                .isEqualTo((direct + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(5_000);
    }

    @Test
    void theHotFramesAreWrittenAsGsonWritesThemAtTheEdges() {
        List<ServerFrame> frames = List.of(
                new ServerFrame.Message("~r1", "guest-1", "lone \ud800 high, lone \udc00 low, pair \ud83d\ude00 end",
                        "r1", Long.MIN_VALUE, true),
                new ServerFrame.Message("~r1", "guest-1", "", null, Long.MAX_VALUE, false),
                new ServerFrame.Message("~r1", "guest-1", "\u0000\u007f\u0080\u07ff\u0800\uffff", "r2", 0L),
                ServerFrame.Ok.sent("7", "r3", -1L, true), new ServerFrame.Ok(null),
                ServerFrame.Ok.saying("x", "said \"so\""));
        for (ServerFrame frame : frames) {
            assertThat(FrameCodec.encodeLine(frame)).as(frame.toString()).isEqualTo(
                    (FrameCodec.encodeWithGson((Record) frame) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static Record instance(Class<?> type, SplittableRandom random, int depth) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = random.nextInt(5) == 0 ? null : value(components[i].getGenericType(), random, depth);
        }
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        try {
            return (Record) constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            return null;
        }
    }

    private static Object value(Type type, SplittableRandom random, int depth) throws Exception {
        if (type == String.class) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(0, 6); i > 0; i--) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            return text.toString();
        } else if (type == Integer.class) {
            return random.nextInt();
        } else if (type == Long.class) {
            return random.nextLong();
        } else if (type == Boolean.class) {
            return random.nextBoolean();
        } else if (type instanceof Class<?> nested && nested.isRecord()) {
            return depth > 2 ? null : instance(nested, random, depth + 1);
        } else if (type instanceof ParameterizedType list) {
            List<Object> values = new ArrayList<>();
            for (int i = random.nextInt(0, 4); i > 0; i--) {
                values.add(value(list.getActualTypeArguments()[0], random, depth + 1));
            }
            return values;
        }
        throw new AssertionError("no values for " + type);
    }
}
