import { describe, expect, it } from 'vitest';
import { createParleyServer, makeConfig } from '@parley/server';
import { runParley, useParleyServer } from './support.js';

const server = useParleyServer();

describe('parley load against a real server', () => {
  it('signaling clients with churn: joins measured, nothing lost, duplicated or misrouted', async () => {
    const run = await runParley(['load', server().url(), '--rooms', '3', '--size', '3', '--duration', '4', '--churn', '1', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, any>;
    expect(report).toMatchObject({ mode: 'signaling', rooms: 3, roomSize: 3, clients: 9, lost: 0, duplicated: 0, misrouted: 0 });
    expect(report.joins).toBeGreaterThan(9); // churn moved clients between rooms
    expect(report.joinLatencyMs.count).toBe(report.joins);
    expect(report.joinLatencyMs.p50).toBeGreaterThan(0);
    expect(report.received).toBeGreaterThan(0);
  });

  it('prints percentiles for people to read', async () => {
    const run = await runParley(['load', server().url(), '--rooms', '2', '--size', '2', '--duration', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/join\s+p50\s+[\d.]+ ms\s+p95\s+[\d.]+ ms\s+p99\s+[\d.]+ ms\s+max\s+[\d.]+ ms\s+\(n=4\)/);
    expect(run.stdout).toMatch(/0 lost, 0 duplicated, 0 misrouted/);
    expect(run.stdout).toMatch(/errors\s+none/);
  });

  it('media bots (--bots): every bot decodes the others’ video; join and first-frame percentiles', async () => {
    const run = await runParley(['load', server().url(), '--bots', '--rooms', '1', '--size', '2', '--duration', '6', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, any>;
    expect(report).toMatchObject({ mode: 'bots', bots: 2, joined: 2, seeingEveryone: 2, errorsByCode: {} });
    expect(report.joinLatencyMs.count).toBe(2);
    expect(report.firstFrameLatencyMs.count).toBe(2);
  });

  it('counts refusals by reason: a room that is full', async () => {
    const small = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', maxParticipants: 2 }));
    await small.listen();
    try {
      const run = await runParley([
        'load',
        small.url(),
        '--bots',
        '--rooms',
        '1',
        '--size',
        '3',
        '--duration',
        '1',
        '--video',
        'none',
        '--audio',
        'none',
        '--json',
      ]);
      const report = JSON.parse(run.stdout) as Record<string, any>;
      expect(report).toMatchObject({ bots: 3, joined: 2, errorsByCode: { 'room-full': 1 } });
    } finally {
      await small.close();
    }
  });
});
