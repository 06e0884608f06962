// A Janus (Debian package `janus`) on 127.0.0.1 for a benchmark: WebSocket API on a free port,
// VideoRoom only, ICE on loopback only. The same settings as the tests' harness
// (packages/server/test/support/janusServer.ts) and deploy/janus/.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LIB = '/usr/lib/x86_64-linux-gnu/janus';
const OFF_PLUGINS = 'audiobridge,duktape,echotest,lua,nosip,recordplay,sip,streaming,textroom,videocall,voicemail';
const OFF_TRANSPORTS = 'http,mqtt,nanomsg,pfunix,rabbitmq';
const so = (names) =>
  names
    .split(',')
    .map((n) => `libjanus_${n}.so`)
    .join(',');

export async function startJanus() {
  const port = await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = s.address();
      s.close(() => resolve(p));
    });
  });
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-janus-'));
  writeFileSync(
    join(dir, 'janus.jcfg'),
    `general: { configs_folder = "${dir}"\n plugins_folder = "${LIB}/plugins"\n transports_folder = "${LIB}/transports"\n events_folder = "${LIB}/events"\n loggers_folder = "${LIB}/loggers"\n debug_level = 3 }\n` +
      `nat: { ice_enforce_list = "lo"\n full_trickle = true\n ignore_mdns = true }\n` +
      `plugins: { disable = "${so(OFF_PLUGINS)}" }\ntransports: { disable = "${so(OFF_TRANSPORTS)}" }\n` +
      `loggers: { disable = "libjanus_jsonlog.so" }\nevents: { broadcast = false }\n`,
  );
  writeFileSync(
    join(dir, 'janus.transport.websockets.jcfg'),
    `general: { ws = true\n ws_port = ${port}\n ws_ip = "127.0.0.1" }\nadmin: { admin_ws = false }\n`,
  );
  writeFileSync(join(dir, 'janus.plugin.videoroom.jcfg'), 'general: { }\n');
  // Janus stands in for a media server on its own machine, as the signaling servers do
  // (servers.mjs raises their priority): at nice -10 from its first thread on, so every thread
  // it starts inherits it (GNU nice runs it at normal priority where that is not permitted).
  const args = ['-C', join(dir, 'janus.jcfg'), '-F', dir, '--disable-colors'];
  const child = spawn('/usr/bin/nice', ['-n', '-10', '/usr/bin/janus', ...args], { stdio: 'ignore' });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`janus exited with ${child.exitCode}`);
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    if (Date.now() > deadline) throw new Error('janus did not open its WebSocket port within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `ws://127.0.0.1:${port}`,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
