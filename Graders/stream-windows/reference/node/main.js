// Windowed aggregation over an event stream: event-time tumbling windows, a watermark, allowed lateness.
// Reads events (JSON lines) on standard input and writes WINDOW, UPDATE and END lines on standard output, as the
// README describes. Memory stays bounded: a window, and the ids of its events, are forgotten once the watermark
// has passed its end plus the allowed lateness.
'use strict';
const readline = require('readline');

function setting(name, fallback) {
  const text = (process.env[name] || '').trim();
  return text === '' ? fallback : parseInt(text, 10);
}

function valid(event) {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return false;
  for (const field of ['id', 'key']) {
    if (typeof event[field] !== 'string' || event[field] === '') return false;
  }
  for (const field of ['time', 'value']) {
    if (!Number.isInteger(event[field])) return false;
  }
  return event.time >= 0;
}

// A binary min-heap ordered by `less`.
class Heap {
  constructor(less) { this.items = []; this.less = less; }
  get size() { return this.items.length; }
  peek() { return this.items[0]; }
  push(item) {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }
  pop() {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1, right = left + 1;
        let smallest = i;
        if (left < items.length && this.less(items[left], items[smallest])) smallest = left;
        if (right < items.length && this.less(items[right], items[smallest])) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest], items[i]];
        i = smallest;
      }
    }
    return top;
  }
}

class Windows {
  constructor(size, delay, lateness) {
    this.size = size; this.delay = delay; this.lateness = lateness;
    this.held = new Map(); // window end -> Map(key -> {count, sum, fired, ids})
    this.unfired = new Heap((a, b) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]));
    this.ends = new Heap((a, b) => a < b);
    this.watermark = null;
    this.late = 0; this.duplicates = 0; this.invalid = 0;
    this.output = [];
  }

  line(kind, key, end, state) {
    this.output.push(`${kind} key=${key} start=${end - this.size} end=${end} count=${state.count} sum=${state.sum}\n`);
  }

  add(event) {
    const end = Math.floor(event.time / this.size) * this.size + this.size;
    if (this.watermark !== null && end + this.lateness <= this.watermark) {
      this.late += 1;
      return;
    }
    let keys = this.held.get(end);
    if (keys === undefined) {
      keys = new Map();
      this.held.set(end, keys);
      this.ends.push(end);
    }
    let state = keys.get(event.key);
    if (state === undefined) {
      state = { count: 0, sum: 0, fired: false, ids: new Set() };
      keys.set(event.key, state);
      this.unfired.push([end, event.key]);
    }
    if (state.ids.has(event.id)) {
      this.duplicates += 1;
      return;
    }
    state.ids.add(event.id);
    state.count += 1;
    state.sum += event.value;
    if (state.fired) this.line('UPDATE', event.key, end, state);
    const watermark = event.time - this.delay;
    if (this.watermark === null || watermark > this.watermark) this.watermark = watermark;
    this.advance(this.watermark);
  }

  advance(watermark) {
    while (this.unfired.size > 0 && this.unfired.peek()[0] <= watermark) {
      const [end, key] = this.unfired.pop();
      const state = this.held.get(end).get(key);
      state.fired = true;
      this.line('WINDOW', key, end, state);
    }
    while (this.ends.size > 0 && this.ends.peek() + this.lateness <= watermark) {
      this.held.delete(this.ends.pop());
    }
  }

  // Writes what is ready; the returned promise settles once the pipe has taken it, so a slow reader holds back
  // our reading instead of letting output pile up in memory.
  flush() {
    if (this.output.length === 0) return null;
    const text = this.output.join('');
    this.output = [];
    if (process.stdout.write(text)) return null;
    return new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}

async function main() {
  const windows = new Windows(setting('WINDOW_MS', 60000), setting('MAX_DELAY_MS', 0), setting('ALLOWED_LATENESS_MS', 0));
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const raw of input) {
    const text = raw.trim();
    if (text === '') continue;
    let event = null;
    try { event = JSON.parse(text); } catch (error) { event = null; }
    if (!valid(event)) {
      windows.invalid += 1;
      continue;
    }
    windows.add(event);
    const drained = windows.flush();
    if (drained) await drained;
  }
  windows.advance(Infinity);
  windows.output.push(`END late=${windows.late} duplicates=${windows.duplicates} invalid=${windows.invalid}\n`);
  windows.flush();
}

main();
