import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { keepAlive } from './keep-alive.js';

class FakeEntity extends EventEmitter {
  status = 'offline';
  to(status: string): void {
    this.status = status;
    this.emit(status);
  }
}

function watch(options: { interval?: number; streamManaged?: boolean } = {}) {
  const entity = new FakeEntity();
  const log: string[] = [];
  keepAlive(entity, {
    interval: options.interval ?? 1_000,
    streamManaged: () => options.streamManaged ?? false,
    ping: async () => {
      log.push('ping');
    },
    drop: () => log.push('drop'),
  });
  return { entity, log };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('pings after an interval of silence and drops the connection after another one without an answer', () => {
  const { entity, log } = watch();
  entity.to('online');
  vi.advanceTimersByTime(999);
  expect(log).toEqual([]);
  vi.advanceTimersByTime(1);
  expect(log).toEqual(['ping']);
  vi.advanceTimersByTime(1_000);
  expect(log).toEqual(['ping', 'drop']);
  vi.advanceTimersByTime(10_000);
  expect(log).toEqual(['ping', 'drop']);
});

it('anything heard from the server (the answer, or any other element) keeps the connection', () => {
  const { entity, log } = watch();
  entity.to('online');
  vi.advanceTimersByTime(1_000);
  entity.emit('element');
  vi.advanceTimersByTime(999);
  expect(log).toEqual(['ping']);
  vi.advanceTimersByTime(1);
  expect(log).toEqual(['ping', 'ping']);
  vi.advanceTimersByTime(600);
  entity.emit('element');
  vi.advanceTimersByTime(600);
  expect(log).toEqual(['ping', 'ping']);
});

it('leaves a stream-managed connection to stream management, and stays off with interval 0', () => {
  const managed = watch({ streamManaged: true });
  managed.entity.to('online');
  vi.advanceTimersByTime(60_000);
  expect(managed.log).toEqual([]);
  const off = watch({ interval: 0 });
  off.entity.to('online');
  vi.advanceTimersByTime(60_000);
  expect(off.log).toEqual([]);
});

it('stops while the connection is down, and starts again once it is online', () => {
  const { entity, log } = watch();
  entity.to('online');
  vi.advanceTimersByTime(1_000);
  entity.to('disconnect');
  vi.advanceTimersByTime(5_000);
  expect(log).toEqual(['ping']);
  entity.to('online');
  vi.advanceTimersByTime(2_000);
  expect(log).toEqual(['ping', 'ping', 'drop']);
  entity.to('offline');
  vi.advanceTimersByTime(5_000);
  expect(log).toEqual(['ping', 'ping', 'drop']);
});

it('watches a resumed stream again (back online without an online event) from its first element', () => {
  const { entity, log } = watch();
  entity.to('online');
  entity.to('disconnect');
  entity.status = 'online'; // stream management resumed the session
  entity.emit('element');
  vi.advanceTimersByTime(2_000);
  expect(log).toEqual(['ping', 'drop']);
});
