#!/bin/sh
# Debian's Chromium as a person's browser runs it: unable to raise its own threads' priority.
#
# Run as root (as CI runs the tests), Chromium gives its display and media threads nice -8 and
# its audio output thread real-time scheduling; a user's browser cannot (RLIMIT_NICE is 0 and it
# lacks CAP_SYS_NICE). With six browsers on two cores, those threads then starved everything at
# nice 0: each page's main thread (runnable, yet held 7 s), the Parley server under test (a
# 6 s static file) and Janus. Without CAP_SYS_NICE, every thread competes as on a user's laptop.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
  exec setpriv --bounding-set -sys_nice --inh-caps -sys_nice -- /usr/bin/chromium "$@"
fi
exec /usr/bin/chromium "$@"
