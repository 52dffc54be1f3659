package io.vigil.subscribers;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Appends each notification as one JSON line to a file and forces it to disk before returning, so that a
 * notification the notifier records as delivered is really in the file, even if the machine loses power next.
 */
public final class FileSink implements NotificationSink {

    private final Path file;
    private final FileOutputStream out;

    public FileSink(Path file) throws IOException {
        this.file = file;
        this.out = new FileOutputStream(file.toFile(), true);
    }

    @Override
    public void deliver(Notification notification) {
        try {
            out.write((notification.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.getFD().sync();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to " + file, e);
        }
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close " + file, e);
        }
    }
}
