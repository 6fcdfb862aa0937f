/*
 * The file side of a background save: an OutputStream the event loop writes encoded bytes to,
 * and a thread of its own that writes them to a temporary file, fsyncs it and renames it into
 * place (SafeFile). The loop never waits for the disk, and the thread never touches engine data:
 * only filled byte chunks cross over, through a queue.
 *
 * In Redis the fork child does the writing (rdbSaveBackground); here the loop encodes and this
 * thread plays the child's part for the I/O. When it is done, it hands the result back to the
 * loop (onDone runs on the loop thread), as Redis's parent learns of the child's exit in
 * checkChildrenDone. Public for the AOF rewrite, which writes its new base file the same way.
 */
package dev.rediscover.persistence;

import dev.rediscover.server.EventLoop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

public final class BackgroundFileWriter extends OutputStream {
    /** How the write ended: null error means the file is in place. */
    public record Result(boolean aborted, IOException error) {
        public boolean ok() { return !aborted && error == null; }
    }

    private static final int CHUNK = 64 * 1024;
    /** Bytes queued but not yet written beyond which the walk pauses (SnapshotSink.behind). */
    private static final long MAX_QUEUED = 16L << 20;
    private static final byte[] COMMIT = new byte[0];
    private static final byte[] ABORT = new byte[0];

    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final Path temp, target;
    private final EventLoop loop;
    private final Consumer<Result> onDone;
    private byte[] chunk = new byte[CHUNK];
    private int used;
    private boolean closed;
    /** Set by abort(), read by the thread just before the rename, both under this lock. */
    private boolean aborted;

    /** Start the writer thread; onDone(result) runs later on the loop thread. */
    public BackgroundFileWriter(Path temp, Path target, EventLoop loop, Consumer<Result> onDone) {
        this.temp = temp;
        this.target = target;
        this.loop = loop;
        this.onDone = onDone;
        Thread t = new Thread(this::run, "rediscover-bgsave");
        t.setDaemon(true);
        t.start();
    }

    // ---------------------------------------------------------------- loop side

    @Override
    public void write(int b) {
        if (used == CHUNK) flushChunk();
        chunk[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (used == CHUNK) flushChunk();
            int n = Math.min(len, CHUNK - used);
            System.arraycopy(b, off, chunk, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    private void flushChunk() {
        if (used == 0) return;
        byte[] full = used == CHUNK ? chunk : java.util.Arrays.copyOf(chunk, used);
        queued.addAndGet(full.length);
        queue.add(full);
        chunk = new byte[CHUNK];
        used = 0;
    }

    /** True while the thread has more than MAX_QUEUED bytes still to write. */
    public boolean behind() { return queued.get() > MAX_QUEUED; }

    /** Everything is written: let the thread finish the file and put it in place. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        flushChunk();
        queue.add(COMMIT);
    }

    /**
     * Give up: the thread deletes the temporary file; the previous dump stays as it was. Also
     * after close(): once abort() returns, this writer will never rename its file into place
     * (a SAVE right after, by FLUSHALL or SHUTDOWN, must not be overwritten by an older snapshot).
     */
    public void abort() {
        synchronized (this) {
            aborted = true;
        }
        if (closed) return;
        closed = true;
        chunk = null;
        queue.add(ABORT);
    }

    // ---------------------------------------------------------------- writer thread

    private void run() {
        Result result;
        FileChannel ch = null;
        IOException error = null;
        try {
            ch = SafeFile.create(temp);
        } catch (IOException e) {
            error = e;
        }
        while (true) {
            byte[] b = take();
            if (b == ABORT) {
                SafeFile.discard(ch, temp);
                result = new Result(true, null);
                break;
            }
            if (b == COMMIT) {
                result = commit(ch, error);
                break;
            }
            queued.addAndGet(-b.length);
            if (error == null) error = writeFully(ch, b);
        }
        Result r = result;
        loop.execute(() -> onDone.accept(r));
    }

    private Result commit(FileChannel ch, IOException error) {
        if (error == null) {
            try {
                ch.force(true);
                synchronized (this) {
                    if (aborted) {
                        SafeFile.discard(ch, temp);
                        return new Result(true, null);
                    }
                    SafeFile.commit(ch, temp, target);
                }
                return new Result(false, null);
            } catch (IOException e) {
                error = e;
            }
        }
        SafeFile.discard(ch, temp);
        return new Result(false, error);
    }

    private static IOException writeFully(FileChannel ch, byte[] b) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(b);
            while (buf.hasRemaining()) ch.write(buf);
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private byte[] take() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // a daemon thread nobody interrupts on purpose: keep going until COMMIT or ABORT
            }
        }
    }
}
