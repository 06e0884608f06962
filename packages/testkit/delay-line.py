"""A network line with delay and jitter, in user space: the network lab's stand-in for netem.

The kernel here has no netem, so a household whose link needs delay gets this line between
its host and its router instead of a veth pair: two TAP devices (layer-2 ends that a program
reads and writes), every Ethernet frame read from one written to the other after the delay.

    python3 delay-line.py <tap-a> <tap-b> <delay-ms> <jitter-ms>

Creates both TAP devices in the namespace it runs in (the lab moves one end elsewhere), prints
"ready", and forwards until its standard input closes (the lab closed it, or died).
Standard input also takes "set <delay-ms> <jitter-ms>" lines to change the line while it runs.

Each frame waits delay ± jitter (uniform), but never leaves before the frame ahead of it in the
same direction: a queue on a real path varies the delay without reordering packets (netem's
"jitter" reorders them, which real access links rarely do). Standard library only.
"""

import collections
import fcntl
import os
import random
import select
import struct
import sys
import time

TUNSETIFF = 0x400454CA  # linux/if_tun.h
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
MAX_QUEUED = 5000  # frames per direction; beyond that the line drops, as a full buffer does


def open_tap(name: str) -> int:
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd


def main() -> None:
    name_a, name_b, delay_ms, jitter_ms = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    tap_a, tap_b = open_tap(name_a), open_tap(name_b)
    peer = {tap_a: tap_b, tap_b: tap_a}
    # Per destination: (departure time, frame), in departure order.
    queues: dict[int, collections.deque[tuple[float, bytes]]] = {tap_a: collections.deque(), tap_b: collections.deque()}
    stdin = sys.stdin.fileno()
    commands = b""
    print("ready", flush=True)

    while True:
        now = time.monotonic()
        due = [q[0][0] for q in queues.values() if q]
        timeout = max(0.0, min(due) - now) if due else None
        readable, _, _ = select.select([tap_a, tap_b, stdin], [], [], timeout)
        now = time.monotonic()
        for fd in readable:
            if fd == stdin:
                chunk = os.read(stdin, 4096)
                if not chunk:
                    return
                commands += chunk
                while b"\n" in commands:
                    line, commands = commands.split(b"\n", 1)
                    words = line.split()
                    if len(words) == 3 and words[0] == b"set":
                        delay_ms, jitter_ms = float(words[1]), float(words[2])
                continue
            queue = queues[peer[fd]]
            while True:
                try:
                    frame = os.read(fd, 65536)
                except BlockingIOError:
                    break
                if len(queue) >= MAX_QUEUED:
                    continue
                wait = max(0.0, delay_ms + random.uniform(-jitter_ms, jitter_ms)) / 1000
                departure = max(now + wait, queue[-1][0] if queue else 0.0)
                queue.append((departure, frame))
        for fd, queue in queues.items():
            while queue and queue[0][0] <= now:
                frame = queue.popleft()[1]
                try:
                    os.write(fd, frame)
                except OSError:
                    pass  # the far end is down (not up yet, or being removed): the frame is lost


if __name__ == "__main__":
    main()
