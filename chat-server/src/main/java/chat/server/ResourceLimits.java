package chat.server;

import java.util.concurrent.TimeUnit;

/**
 * How much of the server's own resources clients may take, beside {@link ServerConfig}'s request limits: places in
 * the worker pools, disk for unfinished and guests' uploads, the CPU spent on pictures, and memory for lines that
 * have not ended yet. docs/PROTOCOL.md lists them with their flags.
 *
 * @param passwordChecksPerAddress password checks (bcrypt: logins, registrations, resets, password changes) one
 *     address may have under way or waiting; more are refused ({@code busy}, or {@code too_many_attempts} for
 *     logins)
 * @param downloadThreads threads that read files for downloads (a pool of their own, fair between addresses)
 * @param pictureThreads threads that decode pictures for thumbnails (a pool of their own, fair between addresses)
 * @param maxThumbnailPixels pictures with more pixels are shared without a thumbnail, so never decoded
 * @param guestQuotaBytes bytes of files one guest connection may share (accounts have their file quota)
 * @param guestQuotaBytesPerAddressPerDay bytes of files guests from one address may share in a day
 * @param uploadTempBytes bytes of unfinished uploads the server holds at once (by their announced sizes)
 * @param uploadTempBytesPerAddress bytes of unfinished uploads from one address
 * @param lineBufferBytes bytes of unfinished lines held for all connections together
 * @param transferBytesPerSecond file bytes (uploaded and downloaded) one account or guest connection moves a second
 * @param transferBytesPerSecondTotal file bytes all clients together move a second
 */
public record ResourceLimits(int passwordChecksPerAddress, int downloadThreads, int pictureThreads,
        long maxThumbnailPixels, long guestQuotaBytes, long guestQuotaBytesPerAddressPerDay, long uploadTempBytes,
        long uploadTempBytesPerAddress, long lineBufferBytes, long transferBytesPerSecond,
        long transferBytesPerSecondTotal) {

    /** What a server gets unless told otherwise. */
    public static final ResourceLimits DEFAULTS = new ResourceLimits(4, 2, 1, 16_000_000, 50L << 20, 200L << 20,
            1L << 30, 256L << 20, 64L << 20, 4L << 20, 32L << 20);

    public ResourceLimits {
        atLeast(passwordChecksPerAddress, 1, "password checks per address");
        atLeast(downloadThreads, 1, "download threads");
        atLeast(pictureThreads, 1, "picture threads");
        atLeast(maxThumbnailPixels, 1, "max thumbnail pixels");
        atLeast(guestQuotaBytes, 1, "guest quota");
        atLeast(guestQuotaBytesPerAddressPerDay, 1, "guest quota per address");
        atLeast(uploadTempBytes, 1, "upload temporary bytes");
        atLeast(uploadTempBytesPerAddress, 1, "upload temporary bytes per address");
        atLeast(lineBufferBytes, 1024, "line buffer bytes");
        atLeast(transferBytesPerSecond, 64 * 1024, "transfer bytes a second");
        atLeast(transferBytesPerSecondTotal, 64 * 1024, "transfer bytes a second in all");
    }

    /** Guests' file quota: per connection, and per address a day. */
    public ResourceLimits withGuestQuota(long perConnection, long perAddressPerDay) {
        return new ResourceLimits(passwordChecksPerAddress, downloadThreads, pictureThreads, maxThumbnailPixels,
                perConnection, perAddressPerDay, uploadTempBytes, uploadTempBytesPerAddress, lineBufferBytes,
                transferBytesPerSecond, transferBytesPerSecondTotal);
    }

    /** Bytes of unfinished uploads held at once: in all, and from one address. */
    public ResourceLimits withUploadTemp(long total, long perAddress) {
        return new ResourceLimits(passwordChecksPerAddress, downloadThreads, pictureThreads, maxThumbnailPixels,
                guestQuotaBytes, guestQuotaBytesPerAddressPerDay, total, perAddress, lineBufferBytes,
                transferBytesPerSecond, transferBytesPerSecondTotal);
    }

    /** The pools: password checks per address, download and picture threads. */
    public ResourceLimits withPools(int passwordChecks, int downloads, int pictures) {
        return new ResourceLimits(passwordChecks, downloads, pictures, maxThumbnailPixels, guestQuotaBytes,
                guestQuotaBytesPerAddressPerDay, uploadTempBytes, uploadTempBytesPerAddress, lineBufferBytes,
                transferBytesPerSecond, transferBytesPerSecondTotal);
    }

    public ResourceLimits withMaxThumbnailPixels(long pixels) {
        return new ResourceLimits(passwordChecksPerAddress, downloadThreads, pictureThreads, pixels, guestQuotaBytes,
                guestQuotaBytesPerAddressPerDay, uploadTempBytes, uploadTempBytesPerAddress, lineBufferBytes,
                transferBytesPerSecond, transferBytesPerSecondTotal);
    }

    public ResourceLimits withLineBufferBytes(long bytes) {
        return new ResourceLimits(passwordChecksPerAddress, downloadThreads, pictureThreads, maxThumbnailPixels,
                guestQuotaBytes, guestQuotaBytesPerAddressPerDay, uploadTempBytes, uploadTempBytesPerAddress, bytes,
                transferBytesPerSecond, transferBytesPerSecondTotal);
    }

    /** File bytes moved a second: by one account or guest connection, and by everybody together. */
    public ResourceLimits withTransferRates(long perOwner, long total) {
        return new ResourceLimits(passwordChecksPerAddress, downloadThreads, pictureThreads, maxThumbnailPixels,
                guestQuotaBytes, guestQuotaBytesPerAddressPerDay, uploadTempBytes, uploadTempBytesPerAddress,
                lineBufferBytes, perOwner, total);
    }

    /** A day, the period of the guests' per-address quota. */
    static final long DAY_MILLIS = TimeUnit.DAYS.toMillis(1);

    private static void atLeast(long value, long minimum, String what) {
        if (value < minimum) {
            throw new IllegalArgumentException(what + " must be at least " + minimum + " (got " + value + ")");
        }
    }
}
