import { CallClient, MemoryNetwork } from '@meshcall/core';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEMO_USERS,
  DEFAULT_DOMAIN,
  DEFAULT_STATS_INTERVAL,
  DEFAULT_WS_URL,
  resolveSettings,
  sanitizeConfigFile,
} from './settings.js';

const query = (search: string) => new URLSearchParams(search);

describe('resolveSettings', () => {
  it('falls back to a local Prosody and the demo users when nothing is configured', () => {
    const settings = resolveSettings(query(''), {}, {});
    expect(settings.wsUrl).toBe(DEFAULT_WS_URL);
    expect(settings.domain).toBe(DEFAULT_DOMAIN);
    expect(settings.demoUsers).toEqual(DEFAULT_DEMO_USERS);
    expect(settings.engine).toEqual({ statsInterval: DEFAULT_STATS_INTERVAL });
    expect(settings.notices).toEqual([]);
    expect(settings.autologin).toBe(false);
    expect(settings.user).toBeNull();
  });

  it('prefers the query string, then the config file, then the environment', () => {
    const file = { wsUrl: 'ws://127.0.0.1:6000/xmpp-websocket', domain: 'file.test' };
    const env = { VITE_XMPP_WS_URL: 'ws://127.0.0.1:7000/xmpp-websocket', VITE_XMPP_DOMAIN: 'env.test' };
    expect(resolveSettings(query(''), {}, env).wsUrl).toBe(env.VITE_XMPP_WS_URL);
    expect(resolveSettings(query(''), {}, env).domain).toBe('env.test');
    expect(resolveSettings(query(''), file, env).wsUrl).toBe(file.wsUrl);
    expect(resolveSettings(query(''), file, env).domain).toBe('file.test');
    const fromQuery = resolveSettings(query('?ws=ws://127.0.0.1:8000/x&domain=q.test'), file, env);
    expect(fromQuery.wsUrl).toBe('ws://127.0.0.1:8000/x');
    expect(fromQuery.domain).toBe('q.test');
  });

  it('reads timer overrides for tests and ignores values that are not whole non-negative numbers', () => {
    const settings = resolveSettings(
      query('?answerTimeout=5000&dialingInterval=250&disconnectTimeout=abc&statsInterval=-3'),
      {},
      {},
    );
    expect(settings.engine).toEqual({ answerTimeout: 5000, dialingInterval: 250, statsInterval: 1000 });
    expect(settings.notices).toEqual([
      expect.stringContaining('?disconnectTimeout=abc was ignored'),
      expect.stringContaining('?statsInterval=-3 was ignored'),
    ]);
  });

  it('passes only timer values the engine accepts, saying what it changed', () => {
    const queries = [
      '?answerTimeout=0',
      '?answerTimeout=2000',
      '?answerTimeout=4000&dialingInterval=9000',
      '?statsInterval=50',
      '?disconnectTimeout=99999999999',
    ];
    for (const search of queries) {
      const { engine } = resolveSettings(query(search), {}, {});
      const client = new CallClient({ transport: new MemoryNetwork().createTransport('alice@localhost'), ...engine });
      void client.destroy();
    }
    const { engine, notices } = resolveSettings(
      query('?answerTimeout=4000&dialingInterval=9000&statsInterval=50'),
      {},
      {},
    );
    expect(engine).toMatchObject({ answerTimeout: 4000, dialingInterval: 4000 });
    expect(engine.statsInterval).toBeGreaterThan(50);
    expect(notices).toEqual([
      expect.stringContaining('?statsInterval=50 was raised'),
      expect.stringContaining('?dialingInterval=9000 was lowered to 4000 ms'),
    ]);
  });

  it('keeps a short answer timeout, shortening the dialing interval to fit without a notice', () => {
    const { engine, notices } = resolveSettings(query('?answerTimeout=2000'), {}, {});
    expect(engine.answerTimeout).toBe(2000);
    expect(engine.dialingInterval).toBeLessThanOrEqual(2000);
    expect(notices).toEqual([]);
  });

  it('reads the user, the autologin flag and the ring-tone switch', () => {
    const settings = resolveSettings(query('?user=bob&autologin=1&ring=0'), {}, {});
    expect(settings.user).toBe('bob');
    expect(settings.autologin).toBe(true);
    expect(settings.ringtone).toBe(false);
    expect(resolveSettings(query('?autologin=no'), {}, {}).autologin).toBe(false);
  });
});

describe('sanitizeConfigFile', () => {
  it('keeps well-formed fields and drops the rest', () => {
    expect(
      sanitizeConfigFile({
        wsUrl: 'ws://127.0.0.1:5280/xmpp-websocket',
        domain: 7,
        users: [{ username: 'erin', password: 'erin-pass' }, { username: '' }, 'mallory'],
      }),
    ).toEqual({ wsUrl: 'ws://127.0.0.1:5280/xmpp-websocket', users: [{ username: 'erin', password: 'erin-pass' }] });
    expect(sanitizeConfigFile(null)).toEqual({});
    expect(sanitizeConfigFile({ users: [] })).toEqual({});
  });
});
