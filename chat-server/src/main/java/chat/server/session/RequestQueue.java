package chat.server.session;

import chat.core.wire.LineDecoder.LineError;
import java.util.ArrayDeque;

/**
 * One connection's requests, taken one at a time, in the order they were sent. A line is handled only once the
 * request before it has been answered, whatever that one waits for (bcrypt, the store, the file thread); lines that
 * arrive meanwhile wait here. When too much waits, the connection stops being read until it has been worked off
 * (back-pressure): a client that pipelines thousands of requests holds a few kilobytes here and one piece of work
 * elsewhere, and everybody else's requests go on. Loop thread only.
 *
 * <p>A request is in flight from the moment it is handled until every answer it started has come back: each
 * asynchronous step takes a {@link #hold()} and releases it when it has answered (a step that starts another takes
 * the next hold before releasing its own).
 */
final class RequestQueue {

    /** Lines that may wait before reading pauses. */
    static final int MAX_WAITING_LINES = 64;
    /** Characters that may wait before reading pauses (at most one read's worth more arrives before it does). */
    static final int MAX_WAITING_CHARS = 64 * 1024;

    /** A line, or the framing error that stands in its place. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>(2); // grows when a client pipelines
    private final Runnable resume;
    private int waitingChars;
    private int holds;
    private boolean handling;
    private boolean inputEnded;
    /** Counts abandoned requests; a hold taken before an abandonment releases nothing. */
    private int generation;

    /** @param resume runs when the request in flight has been answered, to take the next one */
    RequestQueue(Runnable resume) {
        this.resume = resume;
    }

    /** Queues a line; true when so much waits that reading should pause. */
    boolean add(String line) {
        waiting.add(line);
        waitingChars += line.length();
        return isFull();
    }

    /**
     * Puts lines a front door derived from the request being handled (one IRC line naming several targets, say)
     * before everything that waits, in order; they count as waiting lines.
     */
    void addFirst(java.util.List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            waiting.addFirst(lines.get(i));
            waitingChars += lines.get(i).length();
        }
    }

    /** Queues a framing error in the place of the line it replaced; true when reading should pause. */
    boolean add(LineError error) {
        waiting.add(error);
        return isFull();
    }

    /** The next line (a String) or framing error (a {@link LineError}), or null when nothing waits. */
    Object poll() {
        Object next = waiting.poll();
        if (next instanceof String line) {
            waitingChars -= line.length();
        }
        return next;
    }

    /** Whether nothing waits. */
    boolean isEmpty() {
        return waiting.isEmpty();
    }

    boolean isFull() {
        return waiting.size() >= MAX_WAITING_LINES || waitingChars >= MAX_WAITING_CHARS;
    }

    /** Whether a request is in flight: being handled, or waiting for an answer it started. */
    boolean busy() {
        return handling || holds > 0;
    }

    /** Marks the start and end of handling one request on the loop. */
    void handling(boolean handling) {
        this.handling = handling;
    }

    /**
     * The request failed (its answer, the error, has been sent): holds it took for answers that will never come are
     * dropped, so the next request is not kept waiting for them.
     */
    void abandonHolds() {
        generation++;
        holds = 0;
        if (!handling) {
            resume.run();
        }
    }

    /** The peer sent its last line: close once everything before it is answered. */
    void inputEnded() {
        inputEnded = true;
    }

    boolean isInputEnded() {
        return inputEnded;
    }

    /**
     * Keeps the request in flight until the returned release runs (once; later runs do nothing). Take it before
     * starting asynchronous work, release it after answering.
     */
    Runnable hold() {
        holds++;
        int heldIn = generation;
        return new Runnable() {
            private boolean released;

            @Override
            public void run() {
                if (released || heldIn != generation) {
                    return;
                }
                released = true;
                holds--;
                if (holds == 0 && !handling) {
                    resume.run();
                }
            }
        };
    }
}
