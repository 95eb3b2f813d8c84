package dev.svcctl.supervisor;

import java.nio.ByteBuffer;

/**
 * The read buffer of one output stream, kept across runs of the program. It starts small (a direct buffer is
 * resident as soon as it is allocated, and most programs write a line now and then) and grows to the FIFO's
 * capacity the first time a read fills it: a program writing at full speed is then read in as few calls as the
 * kernel allows. A pump takes it for its run and gives it back when done; a pump that starts while the previous
 * one still holds it gets a buffer of its own.
 */
final class LogBuffers {
    static final int SMALL = 1 << 16;
    /** The FIFO's capacity as enlarged by {@link ProcessPort#openFifo}. */
    static final int LARGE = 1 << 20;

    private ByteBuffer spare;

    synchronized ByteBuffer take() {
        ByteBuffer buffer = spare != null ? spare : ByteBuffer.allocateDirect(SMALL);
        spare = null;
        return buffer.clear();
    }

    synchronized void giveBack(ByteBuffer buffer) {
        if (spare == null || buffer.capacity() > spare.capacity()) {
            spare = buffer;
        }
    }

    /** The buffer to read into next: a larger one when the last read filled {@code buffer}. */
    static ByteBuffer grownIfFull(ByteBuffer buffer, boolean filled) {
        return filled && buffer.capacity() < LARGE ? ByteBuffer.allocateDirect(LARGE) : buffer;
    }
}
