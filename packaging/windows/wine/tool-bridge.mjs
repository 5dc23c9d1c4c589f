// Test-only: lets Windows test binaries under Wine run the Linux tools that check our
// files (poppler, zbar, LibreOffice). See tests/support/tools.rs for the other end.
//
//   node tool-bridge.mjs PORT_FILE      listens on 127.0.0.1 (a free port, written to PORT_FILE)
//
// One request per connection: a JSON line {"tool", "args"}; the answer is one JSON
// document {"status", "stdout", "stderr"} or {"error"}. Only the tools below run, never a
// shell; arguments that are Windows paths (C:\…, \\?\C:\…) become the Linux paths of the
// Wine prefix's drives ($WINEPREFIX/dosdevices/c: → drive_c).

import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { spawn } from 'node:child_process';

const TOOLS = new Set(['pdftotext', 'pdfinfo', 'pdffonts', 'pdftoppm', 'pdfimages', 'zbarimg', 'soffice']);
const prefix = process.env.WINEPREFIX || path.join(os.homedir(), '.wine');

function unixPath(arg) {
  const m = /^(?:\\\\\?\\)?([A-Za-z]):[\\/](.*)$/s.exec(arg);
  if (!m) return arg;
  return path.join(prefix, 'dosdevices', `${m[1].toLowerCase()}:`, ...m[2].split(/[\\/]/));
}

function answer(socket, value) {
  socket.end(JSON.stringify(value));
}

const server = net.createServer((socket) => {
  let input = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    input += chunk;
    if (!input.includes('\n')) return;
    socket.removeAllListeners('data');
    let request;
    try {
      request = JSON.parse(input.slice(0, input.indexOf('\n')));
    } catch (e) {
      return answer(socket, { error: `not JSON: ${e.message}` });
    }
    if (!TOOLS.has(request.tool)) return answer(socket, { error: `not allowed: ${request.tool}` });
    const child = spawn(`/usr/bin/${request.tool}`, (request.args ?? []).map(unixPath), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', (e) => answer(socket, { error: `${request.tool}: ${e.message}` }));
    child.on('close', (status) =>
      answer(socket, {
        status,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
  socket.on('error', () => {});
});

server.listen(0, '127.0.0.1', () => {
  fs.writeFileSync(process.argv[2], `127.0.0.1:${server.address().port}`);
});
