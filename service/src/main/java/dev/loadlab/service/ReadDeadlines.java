package dev.loadlab.service;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;

import io.helidon.webclient.api.TcpClientConnection;

/**
 * The read timeout of one upstream API's calls, enforced by one watcher thread instead of a socket timeout.
 *
 * <p>Why: with a socket read timeout, every read that has to wait for the upstream parks its virtual thread
 * with a timer: the JDK schedules a timeout task in the ForkJoinPool's delay scheduler and cancels it when the
 * response arrives, waking the scheduler thread both times. Profiled under load that was about 14 % of the
 * service's CPU (docs/PERFORMANCE.md). Here a call only appends itself to a queue and flips a flag when done;
 * all calls of one API share one timeout, so deadlines arrive in queue order and a single platform thread
 * checks the head a few times per second. A call still running at its deadline has its connection closed,
 * which ends the blocked read at once, and is reported as a timeout.
 */
final class ReadDeadlines {
    private static final long MAX_CHECK_INTERVAL_NANOS = Duration.ofMillis(50).toNanos();

    private final long timeoutNanos;
    private final String name;
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private volatile Thread watcher;
    private volatile boolean sleepingUntilWork;

    ReadDeadlines(String name, Duration timeout) {
        this.name = name;
        this.timeoutNanos = timeout.toNanos();
    }

    /** One exchange being watched. */
    static final class Call {
        private static final AtomicIntegerFieldUpdater<Call> STATE = AtomicIntegerFieldUpdater.newUpdater(Call.class, "state");
        private static final int RUNNING = 0;
        private static final int FINISHED = 1;
        private static final int TIMED_OUT = 2;

        private final long deadline;
        private final TcpClientConnection connection;
        private volatile int state;

        private Call(long deadline, TcpClientConnection connection) {
            this.deadline = deadline;
            this.connection = connection;
        }

        /**
         * The exchange is over (response read or failed).
         *
         * @return false if the deadline passed first (the connection was closed and the call is a timeout)
         */
        boolean finish() {
            return STATE.compareAndSet(this, RUNNING, FINISHED) || state == FINISHED;
        }

        boolean timedOut() {
            return state == TIMED_OUT;
        }

        private boolean expire() {
            if (STATE.compareAndSet(this, RUNNING, TIMED_OUT)) {
                connection.closeResource();
                return true;
            }
            return false;
        }
    }

    /**
     * Start watching an exchange on this connection; call {@link Call#finish()} when it is over.
     *
     * @param connection connection the exchange uses
     * @return the call
     */
    Call start(TcpClientConnection connection) {
        Call call = new Call(System.nanoTime() + timeoutNanos, connection);
        calls.add(call);
        Thread w = watcher;
        if (w == null) {
            w = startWatcher();
        }
        if (sleepingUntilWork) {
            sleepingUntilWork = false;
            LockSupport.unpark(w);
        }
        return call;
    }

    private synchronized Thread startWatcher() {
        if (watcher == null) {
            watcher = Thread.ofPlatform().daemon().name("upstream-deadlines-" + name).start(this::watch);
        }
        return watcher;
    }

    private void watch() {
        while (true) {
            Call head;
            long now = System.nanoTime();
            while ((head = calls.peek()) != null) {
                if (head.state != Call.RUNNING) {
                    calls.poll();
                } else if (now - head.deadline >= 0) {
                    calls.poll();
                    head.expire();
                } else {
                    break;
                }
            }
            if (head == null) {
                sleepingUntilWork = true;
                if (calls.isEmpty()) {
                    LockSupport.park(this);
                }
                sleepingUntilWork = false;
            } else {
                LockSupport.parkNanos(this, Math.min(head.deadline - now, MAX_CHECK_INTERVAL_NANOS));
            }
        }
    }
}
