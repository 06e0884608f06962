import type { RemoteParticipant, Room, Transfer } from '@parley/client';
import { FileOpenError, openFileForSending } from '@parley/client/node';
import { stringOption, type CommandSpec } from '../args.js';
import { ROOM_OPTIONS, stopped, type Command } from '../command.js';
import { CliError, EXIT } from '../errors.js';
import { ProgressBoard } from '../progress.js';
import { parseRoomLink } from '../roomLink.js';
import { defaultName, joinRoom, LEAVE_DRAIN_MS } from '../session.js';
import { transferOutcome, transferTitle, wireCost } from '../transfer/describe.js';
import { TransferBoard } from '../transfer/TransferBoard.js';

const spec: CommandSpec = {
  name: 'send',
  summary: 'offer files to people in a room (browsers or another `parley receive`)',
  arguments: '<room-url> <file…>',
  positionals: { min: 2, max: 101 },
  options: {
    to: { type: 'string', value: 'NAME', description: 'Only to the participant with this display name (default: everyone in the room)' },
    ...ROOM_OPTIONS,
  },
  notes: [
    'Joins the room, waits for the first person if it is empty, and offers the files to everyone there ' +
      '(or to NAME). Nothing is sent before they accept. Each file is read from disk slice by slice and ' +
      'checked with SHA-256 on arrival. If the receiver drops or restarts, the transfer continues from the ' +
      'last byte it stored. Exits when every transfer has ended: 0 if all were delivered, 1 otherwise.',
  ],
  examples: [
    'parley send https://meet.example.org/r/standup slides.pdf demo.mp4',
    'parley send http://localhost:3000/r/team notes.txt --to Ada',
  ],
};

export const send: Command = {
  spec,
  async run(parsed, { out, err, stop }) {
    const [url, ...paths] = parsed.positionals as [string, ...string[]];
    const link = parseRoomLink(url, spec.name);
    const to = stringOption(parsed, 'to');
    // Every file must be readable before anyone is bothered with an offer.
    let files: File[];
    try {
      files = await Promise.all(paths.map((path) => openFileForSending(path)));
    } catch (error) {
      if (error instanceof FileOpenError) throw new CliError(EXIT.file, error.message, { cause: error });
      throw error;
    }
    const board = new TransferBoard(new ProgressBoard(out));
    const transfers: Transfer[] = [];
    let offered = false;
    const wanted = (participant: RemoteParticipant) => !to || participant.name.toLowerCase() === to.toLowerCase();
    const offerTo = (room: Room, participant: RemoteParticipant) => {
      const made = room.files.offer(files, [participant.id]);
      transfers.push(...made);
      for (const transfer of made) board.update(transfer);
    };
    const room = await joinRoom({
      link,
      insecure: parsed.values.insecure === true,
      name: stringOption(parsed, 'name') ?? defaultName('parley send'),
    });
    try {
      const allEnded = new Promise<void>((resolve) => {
        room.files.on('update', (transfer) => {
          if (!transfers.includes(transfer) || !board.update(transfer)) return;
          board.log(
            transfer.state === 'done'
              ? `✓ ${transferTitle(transfer)}: delivered, SHA-256 verified by the receiver (${transfer.sha256}); ${wireCost(transfer)}`
              : `✗ ${transferOutcome(transfer)}`,
          );
          if (offered && transfers.every((t) => t.final)) resolve();
        });
      });
      // Offer to the people chosen now: those in the room, else the first (matching) one to come.
      const present = [...room.participants.values()].filter(wanted);
      if (present.length === 0) board.log(`Waiting for ${to ?? 'someone'} to join room ${link.roomId}…`);
      const first = present.length > 0 ? null : await firstToJoin(room, wanted, stop);
      const targets = first ? [first] : present;
      if (stop.aborted || targets.length === 0) return EXIT.interrupted;
      board.log(
        `Offering ${files.length === 1 ? files[0]!.name : `${files.length} files`} to ${targets.map((p) => p.name).join(', ')} in room ${link.roomId}`,
      );
      await Promise.all(targets.map((participant) => filesReady(room, participant).then(() => offerTo(room, participant))));
      offered = true;
      if (transfers.every((t) => t.final)) return summarize(transfers);
      await Promise.race([allEnded, stopped(stop)]);
      if (stop.aborted) {
        err.write('Stopped: transfers still running were cancelled.\n');
        for (const transfer of transfers) room.files.cancel(transfer.id);
        return EXIT.interrupted;
      }
      return summarize(transfers);
    } finally {
      await room.leave({ drainMs: LEAVE_DRAIN_MS });
    }
  },
};

function summarize(transfers: Transfer[]): typeof EXIT.ok | typeof EXIT.failed {
  return transfers.length > 0 && transfers.every((t) => t.state === 'done') ? EXIT.ok : EXIT.failed;
}

/** The first participant `wanted` who joins, or null when stopped first. */
function firstToJoin(room: Room, wanted: (p: RemoteParticipant) => boolean, stop: AbortSignal): Promise<RemoteParticipant | null> {
  return new Promise((resolve) => {
    const onJoin = (participant: RemoteParticipant) => {
      if (!wanted(participant)) return;
      room.off('participant-joined', onJoin);
      resolve(participant);
    };
    room.on('participant-joined', onJoin);
    stop.addEventListener(
      'abort',
      () => {
        room.off('participant-joined', onJoin);
        resolve(null);
      },
      { once: true },
    );
  });
}

/** Resolves once the files channel to `participant` exists, which is when offers to them can be made. */
function filesReady(room: Room, participant: RemoteParticipant): Promise<void> {
  if (participant.link.dataChannels) return Promise.resolve();
  return new Promise((resolve) => participant.link.once('data-channels', () => resolve()));
}
