package dev.handmade.labelling.config;

import java.util.Locale;
import java.util.function.Function;

/**
 * One tunable: its key in the configuration file, its default and what it means.
 * The environment variable is derived from the key so that the two can never drift apart:
 * {@code lease.duration} is {@code HANDMADE_LEASE_DURATION},
 * {@code consensus.defaultRequiredLabels} is {@code HANDMADE_CONSENSUS_DEFAULT_REQUIRED_LABELS}.
 */
public record ConfigOption<T>(String key, String defaultValue, String description, Function<String, T> parser) {

    public String environmentVariable() {
        StringBuilder name = new StringBuilder("HANDMADE_");
        for (char c : key.toCharArray()) {
            if (c == '.') {
                name.append('_');
            } else if (Character.isUpperCase(c)) {
                name.append('_').append(c);
            } else {
                name.append(Character.toUpperCase(c));
            }
        }
        return name.toString().toUpperCase(Locale.ROOT);
    }

    T parse(String raw) {
        try {
            return parser.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(key, "cannot read '" + raw + "': " + e.getMessage());
        }
    }
}
