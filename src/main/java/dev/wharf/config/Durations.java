package dev.wharf.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's duration syntax, which distribution's configuration uses ({@code 168h}, {@code 30s},
 * {@code 1h30m}, {@code 500ms}, {@code 0}), so existing {@code proxy.ttl} values read the same.
 */
final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private Durations() {}

    /** The duration, or empty when the text is not one. */
    static Optional<Duration> parse(String text) {
        String value = text.trim();
        if (value.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher matcher = PART.matcher(value);
        long nanos = 0;
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() != end) {
                return Optional.empty();
            }
            double amount = Double.parseDouble(matcher.group(1));
            long unit = switch (matcher.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos += (long) (amount * unit);
            end = matcher.end();
        }
        return end == value.length() && end > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
    }
}
