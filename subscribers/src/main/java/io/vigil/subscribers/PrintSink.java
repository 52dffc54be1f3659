package io.vigil.subscribers;

import java.io.PrintStream;

/** Writes each notification as one JSON line to a stream, e.g. standard output, for piping into other tools. */
public final class PrintSink implements NotificationSink {

    private final PrintStream out;
    private final String name;

    public PrintSink(PrintStream out, String name) {
        this.out = out;
        this.name = name;
    }

    @Override
    public void deliver(Notification notification) {
        out.println(notification.toJson());
        out.flush();
    }

    @Override
    public String describe() {
        return name;
    }
}
