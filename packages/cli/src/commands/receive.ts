import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Room, Transfer } from '@parley/client';
import { DiskStorage } from '@parley/client/node';
import { stringOption, type CommandSpec } from '../args.js';
import { ROOM_OPTIONS, stopped, type Command } from '../command.js';
import { CliError, EXIT } from '../errors.js';
import { bytes } from '../format.js';
import { ProgressBoard } from '../progress.js';
import { parseRoomLink } from '../roomLink.js';
import { defaultName, joinRoom, LEAVE_DRAIN_MS } from '../session.js';
import { askYesNo } from '../transfer/ask.js';
import { transferOutcome, transferTitle } from '../transfer/describe.js';
import { TransferBoard } from '../transfer/TransferBoard.js';

const spec: CommandSpec = {
  name: 'receive',
  summary: 'receive files offered in a room (from a browser or `parley send`)',
  arguments: '<room-url>',
  positionals: { min: 1, max: 1 },
  options: {
    out: { type: 'string', short: 'o', value: 'DIR', description: 'Folder to save into (default: the current folder; created if missing)' },
    yes: { type: 'boolean', short: 'y', description: 'Accept every offer without asking' },
    ...ROOM_OPTIONS,
  },
  notes: [
    'Waits for an offer, asks whether to accept each file (name, size, sender), streams it to DIR, ' +
      'checks its SHA-256, and saves it under its sanitised name, never replacing an existing file ' +
      '("name (1).ext" instead). Unfinished files wait in DIR/.parley-partial/: run the same command ' +
      'again (within 24 hours, while the sender is still in the room) and the transfer continues ' +
      'from the last byte stored. Exits once the offered files have ended: 0 if all accepted files arrived.',
    'Without a terminal to ask on (a script, a pipe), offers are declined unless --yes is given.',
  ],
  examples: ['parley receive https://meet.example.org/r/standup --out ~/Downloads', 'parley receive http://localhost:3000/r/team --yes'],
};

export const receive: Command = {
  spec,
  async run(parsed, { out, err, stdin, stop }) {
    const link = parseRoomLink(parsed.positionals[0]!, spec.name);
    const dir = resolve(stringOption(parsed, 'out') ?? '.');
    const acceptAll = parsed.values.yes === true;
    try {
      await mkdir(dir, { recursive: true });
      await access(dir, constants.W_OK);
    } catch (error) {
      throw new CliError(EXIT.file, `Cannot write into ${dir}: ${(error as Error).message}. Choose another folder with --out.`, {
        cause: error,
      });
    }
    const storage = new DiskStorage({ dir });
    const board = new TransferBoard(new ProgressBoard(out));
    const seen: Transfer[] = [];
    const saving = new Set<Promise<void>>();
    let failures = 0;
    let questions: Promise<unknown> = Promise.resolve();
    let settle: () => void = () => undefined;
    const allEnded = new Promise<void>((resolve) => (settle = resolve));
    const check = () => {
      if (seen.length > 0 && seen.every((t) => t.final) && saving.size === 0) settle();
    };

    const save = (transfer: Transfer) => {
      const job = storage.keep(transfer.id, transfer.name).then(
        (path) => board.log(`✓ ${transferTitle(transfer)}: saved ${path} (${bytes(transfer.size)}), SHA-256 verified: ${transfer.sha256}`),
        (error: unknown) => {
          failures++;
          board.log(`✗ ${transferTitle(transfer)}: arrived and verified, but could not be saved into ${dir}: ${(error as Error).message}`);
        },
      );
      saving.add(job);
      void job.finally(() => {
        saving.delete(job);
        check();
      });
    };

    const decide = (room: Room, transfer: Transfer) => {
      const what = `${transfer.name} (${bytes(transfer.size)}${transfer.type ? `, ${transfer.type}` : ''}) from ${transfer.peerName}`;
      if (acceptAll) {
        board.log(`Accepting ${what}`);
        void room.files.accept(transfer.id);
        return;
      }
      if (!stdin.isTTY) {
        board.log(`Declined ${what}: nobody to ask here; run with --yes to accept without asking.`);
        room.files.decline(transfer.id);
        return;
      }
      // One question at a time, in the order the offers came.
      questions = questions.then(async () => {
        if (transfer.state !== 'offered') return;
        const yes = await askYesNo(stdin, out, `Accept ${what}? [y/N] `, stop);
        if (transfer.state !== 'offered') return;
        if (yes) void room.files.accept(transfer.id);
        else room.files.decline(transfer.id);
      });
    };

    const room = await joinRoom({
      link,
      insecure: parsed.values.insecure === true,
      name: stringOption(parsed, 'name') ?? defaultName('parley receive'),
      storage,
      prepare: (room) => {
        room.files.on('transfer', (transfer) => {
          if (transfer.direction !== 'incoming') return;
          seen.push(transfer);
          if (transfer.state === 'interrupted') {
            board.follow(transfer);
            board.log(
              `Resuming ${transfer.name} from ${transfer.peerName}: ${bytes(transfer.bytes)} of ${bytes(transfer.size)} already here`,
            );
          } else {
            decide(room, transfer);
          }
        });
        room.files.on('update', (transfer) => {
          if (transfer.direction !== 'incoming' || !seen.includes(transfer) || !board.update(transfer)) return;
          if (transfer.state === 'done') save(transfer);
          else {
            if (transfer.state !== 'declined') failures++;
            board.log(`✗ ${transferOutcome(transfer)}`);
          }
          check();
        });
      },
    });
    try {
      board.log(`In room ${link.roomId} as ${room.self?.name}; files go to ${dir}. Waiting for offers (Ctrl-C to stop)…`);
      await Promise.race([allEnded, stopped(stop)]);
      if (stop.aborted) {
        err.write('Stopped. Unfinished files stay in .parley-partial and resume when you run this again.\n');
        return EXIT.interrupted;
      }
      return failures === 0 && seen.some((t) => t.state === 'done') ? EXIT.ok : EXIT.failed;
    } finally {
      await room.leave({ drainMs: LEAVE_DRAIN_MS });
    }
  },
};
