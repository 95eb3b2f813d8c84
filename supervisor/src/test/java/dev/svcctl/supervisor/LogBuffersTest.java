package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class LogBuffersTest {

    @Test
    void startsSmallAndGrowsOnlyWhenAReadFillsTheBuffer() {
        ByteBuffer small = new LogBuffers().take();
        assertEquals(LogBuffers.SMALL, small.capacity());
        assertSame(small, LogBuffers.grownIfFull(small, false));
        ByteBuffer large = LogBuffers.grownIfFull(small, true);
        assertEquals(LogBuffers.LARGE, large.capacity());
        assertSame(large, LogBuffers.grownIfFull(large, true));
    }

    @Test
    void theNextRunGetsTheBufferBackGrownAndCleared() {
        LogBuffers buffers = new LogBuffers();
        ByteBuffer large = LogBuffers.grownIfFull(buffers.take(), true);
        large.put((byte) 1);
        buffers.giveBack(large);
        ByteBuffer next = buffers.take();
        assertSame(large, next);
        assertEquals(0, next.position());
        assertEquals(LogBuffers.LARGE, next.limit());
    }

    @Test
    void aPumpThatStartsWhileTheLastOneStillReadsGetsItsOwnBuffer() {
        LogBuffers buffers = new LogBuffers();
        ByteBuffer first = buffers.take();
        ByteBuffer second = buffers.take();
        assertNotSame(first, second);
        buffers.giveBack(LogBuffers.grownIfFull(second, true));
        buffers.giveBack(first);
        assertEquals(LogBuffers.LARGE, buffers.take().capacity(), "the larger buffer is the one kept");
    }
}
