package io.socketgrid.load;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.Locale;

/** {@code 500ms}, {@code 20s}, {@code 2m}, {@code 1h}, ISO-8601 {@code PT20S}, or a number of seconds. */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
            }
            if (text.endsWith("m")) {
                return Duration.ofSeconds(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 60));
            }
            if (text.endsWith("h")) {
                return Duration.ofSeconds(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 3600));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
        } catch (RuntimeException e) {
            throw new TypeConversionException("not a duration: '" + value + "' (use e.g. 500ms, 20s, 2m)");
        }
    }
}
