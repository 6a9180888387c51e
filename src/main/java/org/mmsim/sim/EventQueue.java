/*
 * The simulation's timer and work queue (kernel/time/timer.c, kernel/workqueue.c in spirit): events
 * fire in (time, insertion) order, so equal-time events run in a deterministic order.
 */
package org.mmsim.sim;

import java.util.PriorityQueue;

public final class EventQueue {
    private record Event(long atNs, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(atNs, o.atNs);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final SimClock clock;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long nextSeq;

    public EventQueue(SimClock clock) {
        this.clock = clock;
    }

    public void schedule(long atNs, Runnable action) {
        queue.add(new Event(Math.max(atNs, clock.nanos()), nextSeq++, action));
    }

    public void scheduleAfter(long delayNs, Runnable action) {
        schedule(clock.nanos() + delayNs, action);
    }

    /** Runs every event due up to and including the instant, advancing the clock to it. */
    public void runUntil(long instantNs) {
        while (!queue.isEmpty() && queue.peek().atNs <= instantNs) {
            Event e = queue.poll();
            clock.advanceTo(e.atNs);
            e.action.run();
        }
        clock.advanceTo(instantNs);
    }

    /** Runs the earliest event, advancing the clock to it (a sleeper woken by it); false if none is queued. */
    public boolean runNext() {
        Event e = queue.poll();
        if (e == null) {
            return false;
        }
        clock.advanceTo(e.atNs);
        e.action.run();
        return true;
    }

    public int pending() {
        return queue.size();
    }
}
