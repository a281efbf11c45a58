/**
 * A binary min-heap of job indices ordered by a numeric key, ties broken by
 * the smaller job index — so equal keys come out in a fixed, documented order.
 * Keys live in a caller-owned array indexed by job, which keeps the heap
 * allocation-free per operation (it is on the hot path of every policy).
 */
export class IndexHeap {
  private readonly items: number[] = [];

  /** @param keys key of each job index; read at every comparison, so update a key only while the job is outside the heap. */
  constructor(private readonly keys: ArrayLike<number>) {}

  get size(): number {
    return this.items.length;
  }

  /** Smallest job index by (key, index), or -1 when empty. */
  peek(): number {
    return this.items.length > 0 ? this.items[0]! : -1;
  }

  push(job: number): void {
    const items = this.items;
    let i = items.length;
    items.push(job);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!this.less(job, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = job;
  }

  /** Removes and returns the smallest job index, or -1 when empty. */
  pop(): number {
    const items = this.items;
    if (items.length === 0) return -1;
    const top = items[0]!;
    const last = items.pop()!;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n && this.less(items[r]!, items[l]!)) c = r;
        if (!this.less(items[c]!, last)) break;
        items[i] = items[c]!;
        i = c;
      }
      items[i] = last;
    }
    return top;
  }

  /** All job indices currently in the heap, in no particular order. */
  toArray(): number[] {
    return [...this.items];
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka < kb || (ka === kb && a < b);
  }
}

/** A first-in first-out queue of job indices with O(1) push, shift and unshift. */
export class IndexQueue {
  private buf: Int32Array = new Int32Array(16);
  private head = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(job: number): void {
    if (this.count === this.buf.length) this.grow();
    this.buf[(this.head + this.count) & (this.buf.length - 1)] = job;
    this.count++;
  }

  /** Puts a job at the front (it will be taken next). */
  unshift(job: number): void {
    if (this.count === this.buf.length) this.grow();
    this.head = (this.head - 1) & (this.buf.length - 1);
    this.buf[this.head] = job;
    this.count++;
  }

  /** Removes and returns the front job index, or -1 when empty. */
  shift(): number {
    if (this.count === 0) return -1;
    const job = this.buf[this.head]!;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.count--;
    return job;
  }

  /** Front job index without removing it, or -1 when empty. */
  peek(): number {
    return this.count === 0 ? -1 : this.buf[this.head]!;
  }

  /** Removes every job and returns them front to back. */
  drain(): number[] {
    const out: number[] = [];
    while (this.count > 0) out.push(this.shift());
    return out;
  }

  private grow(): void {
    const next = new Int32Array(this.buf.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = this.buf[(this.head + i) & (this.buf.length - 1)]!;
    this.buf = next;
    this.head = 0;
  }
}
