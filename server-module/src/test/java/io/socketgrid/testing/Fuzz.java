package io.socketgrid.testing;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A small property-based fuzzing harness on plain JUnit Jupiter: a property is checked against {@code tries}
 * inputs drawn by a generator from a seeded {@link SplittableRandom}, so every run tries the same inputs and a
 * failure names the one case seed that reproduces it. There is no shrinking: generators keep inputs small
 * unless size is the point, and the failure message shows the input.
 *
 * <p>Why not jqwik (which the brief named): from 1.10 on its maintainers ask that it not be used by "AI" coding
 * agents at all (the user guide's "Anti-AI Usage Clause"), and these tests were written by one. The
 * properties are generator + check pairs, so they port to jqwik {@code @Provide}/{@code @Property} directly.
 *
 * <p>Knobs (system properties; Maven passes {@code -D} options to the test JVM):
 * <ul>
 *   <li>{@code socketgrid.fuzz.seed}: the run's seed (default {@value #DEFAULT_SEED}); every property derives its
 *       own case seeds from it and its name.</li>
 *   <li>{@code socketgrid.fuzz.scale}: multiplies every property's tries (default 1; e.g. 50 for a long run).</li>
 *   <li>{@code socketgrid.fuzz.case}: runs only this case seed, in every property (the seed a failure printed;
 *       combine with {@code -Dtest=Class#method}).</li>
 * </ul>
 * A longer run: {@code mvn -B -o -pl server-module test -Dtest='*Fuzz*' -Dsocketgrid.fuzz.scale=50
 * -Dsocketgrid.fuzz.seed=$RANDOM -Djunit.jupiter.execution.timeout.mode=disabled} (the last lifts the hang guards
 * that fuzz classes carry, sized for the default scale).
 */
public final class Fuzz {

    public static final long DEFAULT_SEED = 20260801L;
    private static final long SEED = Long.getLong("socketgrid.fuzz.seed", DEFAULT_SEED);
    private static final double SCALE = Double.parseDouble(System.getProperty("socketgrid.fuzz.scale", "1"));
    private static final Long ONLY_CASE = Long.getLong("socketgrid.fuzz.case");
    private static final int MAX_SHOWN = 2_000;

    /** A check of one input; throws (an assertion error, or anything else) when the property does not hold. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T input) throws Exception;
    }

    private Fuzz() {
    }

    /** How many cases {@code tries} becomes under {@code socketgrid.fuzz.scale}. */
    public static int scaled(int tries) {
        return Math.max(1, (int) Math.round(tries * SCALE));
    }

    /**
     * Checks {@code property} for {@code tries} (scaled) inputs of {@code generator}.
     *
     * @return the number of cases tried
     * @throws AssertionError naming the property, the case seed and the input of the first case that failed
     */
    public static <T> int forAll(String name, int tries, Function<SplittableRandom, T> generator, Property<T> property) {
        return forAll(name, tries, generator, Fuzz::show, property);
    }

    /** As {@link #forAll(String, int, Function, Property)}, showing a failing input with {@code describe}. */
    public static <T> int forAll(String name, int tries, Function<SplittableRandom, T> generator,
                                 Function<T, String> describe, Property<T> property) {
        SplittableRandom cases = new SplittableRandom(SEED ^ (name.hashCode() * 0x9E3779B97F4A7C15L));
        int n = ONLY_CASE != null ? 1 : scaled(tries);
        for (int i = 0; i < n; i++) {
            long caseSeed = ONLY_CASE != null ? ONLY_CASE : cases.nextLong();
            T input = generator.apply(new SplittableRandom(caseSeed));
            try {
                property.check(input);
            } catch (Throwable failure) {
                throw new AssertionError(name + " does not hold for case " + i + " of " + n + " (run seed " + SEED
                        + "; replay with -Dsocketgrid.fuzz.case=" + caseSeed + "): " + failure + "\ninput: "
                        + truncate(describe.apply(input)), failure);
            }
        }
        return n;
    }

    private static String show(Object input) {
        if (input instanceof byte[] bytes) {
            return hex(bytes);
        }
        return String.valueOf(input);
    }

    public static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2 + 16).append(bytes.length).append(" bytes: ");
        for (int i = 0; i < bytes.length && out.length() < MAX_SHOWN; i++) {
            out.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
        }
        return out.toString();
    }

    private static String truncate(String text) {
        return text.length() <= MAX_SHOWN ? text
                : text.substring(0, MAX_SHOWN) + "… (" + text.length() + " characters)";
    }

    // ---- generator helpers

    /** One of {@code options}, uniformly. */
    @SafeVarargs
    public static <T> T oneOf(SplittableRandom random, T... options) {
        return options[random.nextInt(options.length)];
    }

    /** An int in {@code [0, bound)} biased towards small values (and the edges), as sizes usually should be. */
    public static int size(SplittableRandom random, int bound) {
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> bound - 1;
            case 2, 3, 4 -> random.nextInt(Math.min(bound, 8));
            default -> random.nextInt(bound);
        };
    }

    /** Random bytes, {@code length} of them. */
    public static byte[] bytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
