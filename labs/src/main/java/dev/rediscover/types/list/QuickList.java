/*
 * The list value: a doubly linked list of compact nodes (ListPack), Redis's quicklist
 * (quicklist.c). A plain linked list costs two pointers and an allocation per element; one big
 * array costs O(n) to push at the head. The quicklist is the compromise: O(1) pushes and pops at
 * both ends, good memory density, and index lookups that skip whole nodes at a time.
 *
 * How full a node may get is the `fill` factor, from list-max-listpack-size when the list is
 * created (quicklist.c, _quicklistNodeAllowInsert):
 *
 *   fill -1 .. -5   a node may weigh up to 4, 8, 16, 32 or 64 KB (as a listpack), any count
 *   fill  N > 0     a node holds up to N elements, but never more than 8 KB (the safety limit)
 *   fill  0         one element per node
 *
 * Values below -5 act as -5 and above 32767 as 32767, as quicklistSetFill clamps them.
 *
 * Encoding: Redis 7.0 always reports a list as "quicklist" (OBJECT ENCODING), small or large;
 * the single-listpack "listpack" encoding for small lists only arrived in Redis 7.2. We answer
 * as 7.0 does. Node compression (list-compress-depth, LZF of inner nodes) is not implemented:
 * it trades CPU for memory and changes no reply.
 *
 * Indexes here are 0-based and already normalised (0 <= index < size()); commands convert
 * Redis's negative indexes first.
 */
package dev.rediscover.types.list;

import dev.rediscover.keyspace.TypedValue;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.resp.RespWriter;

import java.util.ArrayList;
import java.util.List;

public final class QuickList implements TypedValue {
    /** Redis's optimization_level: node byte limits for fill -1 .. -5. */
    private static final int[] SIZE_LIMITS = {4096, 8192, 16384, 32768, 65536};
    /** A node never grows past this for a positive (count) fill (quicklist.c, SIZE_SAFETY_LIMIT). */
    static final int SAFETY_LIMIT = 8192;
    static final int FILL_MAX = (1 << 15) - 1;

    private ListPack head, tail;
    private long size;
    private int nodes;
    private final int fill;

    public QuickList(int fill) { this.fill = clampFill(fill); }

    /** A list with the default fill (-2: nodes up to 8 KB). */
    public QuickList() { this(-2); }

    static int clampFill(long fill) {
        if (fill > FILL_MAX) return FILL_MAX;
        if (fill < -5) return -5;
        return (int) fill;
    }

    @Override public String typeName() { return "list"; }

    @Override public String encoding() { return "quicklist"; }

    public long size() { return size; }

    public boolean isEmpty() { return size == 0; }

    /** Number of nodes (for tests and DEBUG-style introspection). */
    public int nodeCount() { return nodes; }

    public int fill() { return fill; }

    // ------------------------------------------------------------------ the fill rule

    /**
     * May one more element of `len` bytes go into node n? (quicklist.c, _quicklistNodeAllowInsert.)
     * The new size is estimated as Redis does: the element plus its worst-case listpack overhead.
     */
    // tag::allow-insert[]
    @Lab(5)
    boolean allowInsert(ListPack n, int len) {
        throw new LabNotDone(5, "QuickList.allowInsert");
    }
    // end::allow-insert[]

    // ------------------------------------------------------------------ ends

    /** LPUSH one element. */
    // tag::push-head[]
    @Lab(5)
    public void pushHead(byte[] v) {
        throw new LabNotDone(5, "QuickList.pushHead");
    }
    // end::push-head[]

    /** RPUSH one element. */
    @Lab(5)
    public void pushTail(byte[] v) {
        throw new LabNotDone(5, "QuickList.pushTail");
    }

    /** Remove and return the first element, or null when empty. */
    // tag::pop-head[]
    @Lab(5)
    public byte[] popHead() {
        throw new LabNotDone(5, "QuickList.popHead");
    }
    // end::pop-head[]

    /** Remove and return the last element, or null when empty. */
    @Lab(5)
    public byte[] popTail() {
        throw new LabNotDone(5, "QuickList.popTail");
    }

    public byte[] first() { return head == null ? null : head.value(head.first()); }

    public byte[] last() { return tail == null ? null : tail.value(tail.last()); }

    // ------------------------------------------------------------------ by index

    /** The element at index (0 <= index < size()). */
    public byte[] get(long index) {
        Cursor c = cursorAt(index);
        return c.value();
    }

    /** Replace the element at index (LSET). */
    public void set(long index, byte[] v) { cursorAt(index).set(v); }

    /** Insert v so that it ends up at index (0 <= index <= size()). */
    public void insert(long index, byte[] v) {
        if (index == 0) {
            pushHead(v);
        } else if (index == size) {
            pushTail(v);
        } else {
            Cursor c = cursorAt(index);
            insertInto(c.node, c.offset, v);
        }
    }

    /** Remove and return the element at index. */
    public byte[] remove(long index) {
        Cursor c = cursorAt(index);
        byte[] v = c.value();
        c.remove(true);
        return v;
    }

    /**
     * A cursor on the element at index, found by walking whole nodes from the nearer end
     * (quicklist.c, quicklistGetIteratorAtIdx).
     */
    // tag::cursor-at[]
    @Lab(5)
    public Cursor cursorAt(long index) {
        throw new LabNotDone(5, "QuickList.cursorAt");
    }
    // end::cursor-at[]

    /**
     * Insert v at position offset of node n, honouring the fill: into n if it has room, else into
     * the neighbour when v lands on a node boundary, else split n (quicklist.c, _quicklistInsert).
     */
    // tag::insert-into[]
    @Lab(5)
    void insertInto(ListPack n, int offset, byte[] v) {
        throw new LabNotDone(5, "QuickList.insertInto");
    }
    // end::insert-into[]

    /**
     * Delete count elements starting at index start (both already within bounds), dropping whole
     * nodes where the range covers them (quicklist.c, quicklistDelRange).
     */
    // tag::delete-range[]
    @Lab(5)
    public void deleteRange(long start, long count) {
        throw new LabNotDone(5, "QuickList.deleteRange");
    }
    // end::delete-range[]

    private void clear() {
        head = tail = null;
        size = 0;
        nodes = 0;
    }

    // ------------------------------------------------------------------ node links

    private void linkBefore(ListPack at, ListPack n) {
        if (at == null) {          // empty list
            head = tail = n;
        } else {
            if (at == head) at.trim();   // a full head node, now inside the list: drop its free room
            n.next = at;
            n.prev = at.prev;
            if (at.prev != null) at.prev.next = n;
            else head = n;
            at.prev = n;
        }
        nodes++;
    }

    private void linkAfter(ListPack at, ListPack n) {
        if (at == null) {
            head = tail = n;
        } else {
            if (at == tail) at.trim();   // a full tail node, now inside the list: drop its free room
            n.prev = at;
            n.next = at.next;
            if (at.next != null) at.next.prev = n;
            else tail = n;
            at.next = n;
        }
        nodes++;
    }

    private void unlink(ListPack n) {
        if (n.prev != null) n.prev.next = n.next;
        else head = n.next;
        if (n.next != null) n.next.prev = n.prev;
        else tail = n.prev;
        n.prev = n.next = null;
        nodes--;
    }

    // ------------------------------------------------------------------ TypedValue

    /** Approximate heap bytes: the list object and its nodes (the elements are inside them). */
    @Override
    public long memory() {
        long m = 48;
        for (ListPack n = head; n != null; n = n.next) m += n.heapBytes();
        return m;
    }

    /** A deep copy for COPY: new nodes with copies of the packed bytes. */
    @Override
    public QuickList copy() {
        QuickList q = new QuickList(fill);
        for (ListPack n = head; n != null; n = n.next) q.linkAfter(q.tail, n.duplicate());
        q.size = size;
        return q;
    }

    /** The elements in order, as a java.util.List (tests and debugging). */
    public List<byte[]> toList() {
        List<byte[]> out = new ArrayList<>((int) Math.min(size, 1 << 20));
        for (ListPack n = head; n != null; n = n.next) {
            for (int i = 0, p = n.first(); i < n.count(); i++, p = n.next(p)) out.add(n.value(p));
        }
        return out;
    }

    /**
     * Each node, head to tail, as a real Redis listpack (header, entries, 0xFF): the fast way to
     * save a list, as RDB_TYPE_LIST_QUICKLIST_2 stores one PACKED listpack per node. The arrays
     * are fresh copies.
     */
    public void forEachListpack(java.util.function.Consumer<byte[]> out) {
        for (ListPack n = head; n != null; n = n.next) out.accept(n.toListpack());
    }

    /** Check the structure's invariants (tests): links, counts, no empty nodes, fill respected. */
    void checkInvariants() {
        long total = 0;
        int seen = 0;
        ListPack prev = null;
        for (ListPack n = head; n != null; n = n.next) {
            if (n.prev != prev) throw new IllegalStateException("broken prev link");
            if (n.count() == 0) throw new IllegalStateException("empty node");
            total += n.count();
            seen++;
            prev = n;
        }
        if (prev != tail) throw new IllegalStateException("tail is not the last node");
        if (total != size) throw new IllegalStateException("size " + size + " but nodes hold " + total);
        if (seen != nodes) throw new IllegalStateException("node count " + nodes + " but " + seen + " linked");
    }

    // ------------------------------------------------------------------ cursor

    /**
     * A position in the list, moving one element at a time in either direction (Redis:
     * quicklistIter plus quicklistEntry). It can read, replace, insert next to and delete the
     * element it is on; after a delete it stands on the element that followed in its direction.
     */
    public final class Cursor {
        ListPack node;
        int offset;     // element index inside node
        int pos;        // where that element's entry starts in the node's bytes

        Cursor(ListPack node, int offset, int pos) {
            this.node = node;
            this.offset = offset;
            this.pos = pos;
        }

        /** False once the cursor walked off either end. */
        public boolean valid() { return node != null; }

        /** The current element, as a new array. */
        public byte[] value() { return node.value(pos); }

        /** Does the current element equal v? Compares in place, without copying it out. */
        public boolean valueEquals(byte[] v) { return node.equalsAt(pos, v); }

        /** Reply with the current element as a bulk string, straight from the packed bytes. */
        public void reply(RespWriter out) { node.reply(out, pos); }

        /** Step towards the tail. */
        public void forward() {
            if (++offset >= node.count()) {
                node = node.next;
                offset = 0;
                if (node != null) pos = node.first();
            } else {
                pos = node.next(pos);
            }
        }

        /** Step towards the head. */
        public void backward() {
            if (--offset < 0) {
                node = node.prev;
                if (node != null) {
                    offset = node.count() - 1;
                    pos = node.last();
                }
            } else {
                pos = node.prev(pos);
            }
        }

        public void set(byte[] v) { pos = node.replaceAt(pos, v); }

        /** Insert v just before (towards the head of) the current element. Ends the walk. */
        public void insertBefore(byte[] v) {
            insertInto(node, offset, v);
            node = null;
        }

        /** Insert v just after the current element. Ends the walk. */
        public void insertAfter(byte[] v) {
            insertInto(node, offset + 1, v);
            node = null;
        }

        /**
         * Delete the current element; the cursor moves to the element that comes next when
         * walking forward (towards the tail) or backward.
         */
        public void remove(boolean walkingForward) {
            ListPack n = node;
            int following = n.removeAt(pos);
            size--;
            if (n.count() == 0) {
                ListPack before = n.prev, after = n.next;
                unlink(n);
                if (walkingForward) {
                    node = after;
                    offset = 0;
                    if (after != null) pos = after.first();
                } else {
                    node = before;
                    if (before != null) {
                        offset = before.count() - 1;
                        pos = before.last();
                    }
                }
            } else if (walkingForward) {
                if (offset >= n.count()) {
                    node = n.next;
                    offset = 0;
                    if (node != null) pos = node.first();
                } else {
                    pos = following;
                }
            } else {
                pos = following;        // where the removed element was; step back from there
                backward();
            }
        }
    }
}
