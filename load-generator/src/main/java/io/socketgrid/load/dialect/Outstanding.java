package io.socketgrid.load.dialect;

/**
 * The calls of one session that await an answer: call id → (time sent, whom to tell). Open addressing on the
 * call id's low bits, so that a session with few calls in flight holds 4 slots, and one whose server lags
 * grows up to {@code maxSlots}; past that the oldest call in the way is given up (it counts as unanswered).
 * Not thread-safe: a session guards it.
 */
final class Outstanding {

    private static final long EMPTY = -1;

    private final int maxSlots;
    private long[] ids;
    private long[] sentAt;
    private Answer[] answers;
    private int size;
    private long evicted;

    Outstanding(int maxSlots) {
        if (Integer.bitCount(maxSlots) != 1 || maxSlots < 4) {
            throw new IllegalArgumentException("maxSlots must be a power of two, at least 4: " + maxSlots);
        }
        this.maxSlots = maxSlots;
        allocate(4);
    }

    private void allocate(int slots) {
        ids = new long[slots];
        sentAt = new long[slots];
        answers = new Answer[slots];
        java.util.Arrays.fill(ids, EMPTY);
    }

    /** Records call {@code id}; ids are non-negative and increase from one call to the next. */
    void add(long id, long sentNanos, Answer answer) {
        int slot = (int) (id & (ids.length - 1));
        while (ids[slot] != EMPTY && ids.length < maxSlots) {
            grow();
            slot = (int) (id & (ids.length - 1));
        }
        if (ids[slot] != EMPTY) {
            evicted++;
            size--;
        }
        ids[slot] = id;
        sentAt[slot] = sentNanos;
        answers[slot] = answer;
        size++;
    }

    private void grow() {
        long[] oldIds = ids;
        long[] oldSent = sentAt;
        Answer[] oldAnswers = answers;
        allocate(oldIds.length * 2);
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != EMPTY) { // a doubled table has room for every old id: they were distinct mod the old size
                int slot = (int) (oldIds[i] & (ids.length - 1));
                ids[slot] = oldIds[i];
                sentAt[slot] = oldSent[i];
                answers[slot] = oldAnswers[i];
            }
        }
    }

    /** Removes call {@code id}: its send time, or -1 when it is not waiting (unknown, answered, given up). */
    long remove(long id) {
        int slot = (int) (id & (ids.length - 1));
        if (id < 0 || ids[slot] != id) {
            return -1;
        }
        ids[slot] = EMPTY;
        answers[slot] = null;
        size--;
        return sentAt[slot];
    }

    /** Whom {@code id}'s answer goes to; call before {@link #remove}. */
    Answer answerOf(long id) {
        int slot = (int) (id & (ids.length - 1));
        return id >= 0 && ids[slot] == id ? answers[slot] : null;
    }

    /** Calls waiting now. */
    int size() {
        return size;
    }

    /** Calls given up because {@code maxSlots} were taken. */
    long evicted() {
        return evicted;
    }

    /** Slots held now (for tests: the table grows only when calls pile up). */
    int slots() {
        return ids.length;
    }
}
