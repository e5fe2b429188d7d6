package io.doorlock.common.id;

/**
 * Shapes of identifiers. Device ids appear inside MQTT topic names, so the pattern excludes {@code / + # $} and
 * whitespace: an id can never widen a topic filter or reach another device's topics.
 */
public final class Ids {
    /** Device ids, user ids and ESP ids: 1 to 64 letters, digits, {@code _ - . :}, starting with a letter or digit. */
    public static final String ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$";
    /** Command ids are UUIDs (any version), lower or upper case. */
    public static final String UUID_PATTERN =
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    private Ids() {}

    public static boolean isValidId(String id) {
        return id != null && id.matches(ID_PATTERN);
    }
}
