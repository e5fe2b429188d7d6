package io.doorlock.base.image;

import java.util.Optional;

/** The image formats a door camera may upload, recognised by their first bytes, never by a file name or header. */
public enum ImageType {
    JPEG("image/jpeg", new int[] {0xFF, 0xD8, 0xFF}),
    PNG("image/png", new int[] {0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A});

    private final String mediaType;
    private final int[] magic;

    ImageType(String mediaType, int[] magic) {
        this.magic = magic;
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format of {@code bytes}, or empty when they are neither JPEG nor PNG. */
    public static Optional<ImageType> sniff(byte[] bytes) {
        for (ImageType type : values()) {
            if (bytes != null && bytes.length > type.magic.length && startsWith(bytes, type.magic)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int[] magic) {
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
