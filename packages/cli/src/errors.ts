import { isParleyError } from '@parley/protocol';

/** Exit codes of every `parley` command (documented in `parley --help`). */
export const EXIT = {
  ok: 0,
  /** Something did not work out: a transfer failed or was declined, doctor found a problem. */
  failed: 1,
  /** The command line is wrong: unknown flag, missing argument, bad room link. */
  usage: 2,
  /** The room could not be joined: server unreachable, room full or locked. */
  room: 3,
  /** A file could not be read or written. */
  file: 4,
  /** Stopped with Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure that ends the command with a message for the person and an exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function usageError(message: string, command?: string): CliError {
  const hint = command ? `parley ${command} --help` : 'parley --help';
  return new CliError(EXIT.usage, `${message}\nSee: ${hint}`);
}

/** Turns a failed join into what the person should do about it. */
export function joinError(error: unknown, link: { serverUrl: string; roomId: string }, tlsProblem: string | null = null): CliError {
  if (!isParleyError(error))
    return new CliError(EXIT.room, `Could not join room ${link.roomId}: ${(error as Error).message ?? String(error)}`, { cause: error });
  if (error.code === 'signaling-unavailable' && tlsProblem) {
    return new CliError(
      EXIT.room,
      `The certificate of ${link.serverUrl} is not trusted (${tlsProblem}). If this is your own Parley on your network ` +
        `(started with --https), compare its SHA-256 fingerprint with the one it printed, then add --insecure.`,
      { cause: error },
    );
  }
  if (error.code === 'e2ee-unsupported') {
    return new CliError(
      EXIT.room,
      `Could not join room ${link.roomId}: the meeting is end-to-end encrypted, and parley cannot encrypt media ` +
        `(Node's WebRTC has no encoded transforms). Ask the host to turn end-to-end encryption off (People → "End-to-end encryption"), then try again.`,
      { cause: error },
    );
  }
  // room-full ("Room is full (6/6)"), a locked room, an unreachable server: the server's message says it.
  return new CliError(EXIT.room, `Could not join room ${link.roomId}: ${error.message}`, { cause: error });
}
