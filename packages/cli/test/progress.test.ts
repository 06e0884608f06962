import { describe, expect, it } from 'vitest';
import { bytes, duration } from '../src/format.js';
import { ProgressBoard, progressBar, type Screen } from '../src/progress.js';

function screen(live: boolean): Screen & { text: string } {
  const out = { text: '', live, columns: 60, write: (chunk: string) => void (out.text += chunk) };
  return out;
}

describe('progress output', () => {
  it('in a pipe: plain lines, one per tenth done (not one per update), results kept', () => {
    const out = screen(false);
    const board = new ProgressBoard(out);
    for (let done = 0; done <= 100; done++) board.set('a', `file: ${done}%`, done / 100);
    board.log('✓ file: saved');
    const lines = out.text.trim().split('\n');
    expect(lines).toEqual([
      'file: 0%',
      'file: 10%',
      'file: 20%',
      'file: 30%',
      'file: 40%',
      'file: 50%',
      'file: 60%',
      'file: 70%',
      'file: 80%',
      'file: 90%',
      'file: 100%',
      '✓ file: saved',
    ]);
    expect(out.text).not.toContain('\x1b[');
  });

  it('on a terminal: one row per item redrawn in place with a bar, results printed above the rows', () => {
    const out = screen(true);
    const board = new ProgressBoard(out);
    board.set('a', 'a.bin: 50%', 0.5);
    board.set('b', 'b.bin: 10%', 0.1);
    out.text = '';
    board.set('a', 'a.bin: 60%', 0.6);
    // Up two rows, erase both, draw both again (ECMA-48 CUU and EL).
    expect(out.text).toBe(`\x1b[2A\x1b[2K\n\x1b[2K\n\x1b[2A${progressBar(0.6, 20)} a.bin: 60%\n${progressBar(0.1, 20)} b.bin: 10%\n`);
    out.text = '';
    board.remove('a');
    board.log('✓ a.bin: saved');
    expect(out.text.endsWith(`✓ a.bin: saved\n${progressBar(0.1, 20)} b.bin: 10%\n`)).toBe(true);
  });

  it('bars and units', () => {
    expect(progressBar(0.5, 10)).toBe('[█████░░░░░]');
    expect(progressBar(2, 4)).toBe('[████]');
    expect([bytes(999), bytes(1500), bytes(50_000_000), bytes(1_070_000_000)]).toEqual(['999 B', '1.50 kB', '50.0 MB', '1.07 GB']);
    expect([duration(45), duration(187), duration(3723)]).toEqual(['45 s', '3:07', '1:02:03']);
  });
});
