/** Where a command writes: the stream, and whether a person is watching it live. */
export interface Screen {
  write(text: string): void;
  /** True for a terminal: progress redraws in place; false (pipe, file, CI log): plain lines. */
  readonly live: boolean;
  readonly columns: number;
}

export function screenOf(stream: NodeJS.WriteStream): Screen {
  return {
    write: (text) => void stream.write(text),
    live: stream.isTTY === true && !process.env.CI,
    get columns() {
      return stream.columns || 80;
    },
  };
}

/** A plain-text progress line is repeated at most this often, unless a tenth more is done. */
const PLAIN_EVERY_MS = 2_000;

interface Row {
  text: string;
  bar: number | null;
  lastPlainAt: number;
  lastPlainTenth: number;
}

/**
 * Progress of several things at once. On a terminal: one line each, with a bar, redrawn in
 * place (ANSI: cursor up, erase line); in a pipe: a plain line per item every 2 s or every
 * tenth done, so logs stay readable and a script can follow along.
 */
export class ProgressBoard {
  readonly #rows = new Map<string, Row>();
  #drawn = 0;

  constructor(private readonly screen: Screen) {}

  /** Shows `text` for `key`; `fraction` (0..1) draws a bar, null for none. */
  set(key: string, text: string, fraction: number | null = null): void {
    const row = this.#rows.get(key) ?? { text, bar: fraction, lastPlainAt: 0, lastPlainTenth: -1 };
    row.text = text;
    row.bar = fraction;
    this.#rows.set(key, row);
    if (this.screen.live) {
      this.#redraw();
      return;
    }
    const now = Date.now();
    const tenth = fraction === null ? -1 : Math.floor(fraction * 10);
    if (now - row.lastPlainAt >= PLAIN_EVERY_MS || tenth > row.lastPlainTenth) {
      row.lastPlainAt = now;
      row.lastPlainTenth = Math.max(row.lastPlainTenth, tenth);
      this.screen.write(`${text}\n`);
    }
  }

  remove(key: string): void {
    if (this.#rows.delete(key) && this.screen.live) this.#redraw();
  }

  /** A line that stays (a result, a message): printed above the live rows. */
  log(line: string): void {
    if (!this.screen.live) {
      this.screen.write(`${line}\n`);
      return;
    }
    this.#erase();
    this.screen.write(`${line}\n`);
    this.#draw();
  }

  #redraw(): void {
    this.#erase();
    this.#draw();
  }

  #erase(): void {
    // Up to the first drawn row, erasing each (ECMA-48 CUU "ESC[nA" and EL "ESC[2K").
    if (this.#drawn > 0) this.screen.write(`\x1b[${this.#drawn}A`);
    for (let i = 0; i < this.#drawn; i++) this.screen.write('\x1b[2K\n');
    if (this.#drawn > 0) this.screen.write(`\x1b[${this.#drawn}A`);
    this.#drawn = 0;
  }

  #draw(): void {
    const width = this.screen.columns;
    for (const row of this.#rows.values()) {
      const bar = row.bar === null ? '' : `${progressBar(row.bar, 20)} `;
      this.screen.write(`${(bar + row.text).slice(0, width - 1)}\n`);
      this.#drawn++;
    }
  }
}

/** `[██████░░░░░░░░░░░░░░]` */
export function progressBar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}
