// A socket.io-client 4.x driven line by line from a Java test (io.doorlock.testing.SocketIoClient).
// argv[2]: url; argv[3]: JSON of the io() options. stdin: one JSON command per line; stdout: one JSON report per line.
// Nothing of the client is mocked: this is the official client with its default transports unless the test says otherwise.
const { io } = require('socket.io-client');
const readline = require('readline');

const out = (report) => process.stdout.write(JSON.stringify(report) + '\n');
const socket = io(process.argv[2], JSON.parse(process.argv[3] || '{}'));

socket.on('connect', () => out({ type: 'connect', id: socket.id, transport: socket.io.engine.transport.name }));
socket.on('connect_error', (error) => out({ type: 'connect_error', message: error.message, data: error.data || null }));
socket.on('disconnect', (reason) => out({ type: 'disconnect', reason }));
socket.onAny((event, ...args) => out({ type: 'event', event, data: args.length > 0 ? args[0] : null }));
socket.io.on('reconnect_attempt', (n) => out({ type: 'reconnect_attempt', attempt: n }));
// 'upgrading': the probe WebSocket answered 3probe; the client now pauses polling and holds what it emits until it upgraded.
socket.io.engine.on('upgrading', (transport) => out({ type: 'upgrading', transport: transport.name }));
socket.io.engine.on('upgrade', (transport) => out({ type: 'upgrade', transport: transport.name }));
socket.io.engine.on('ping', () => out({ type: 'ping' }));

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line);
  switch (command.op) {
    case 'emit':
      if (command.ack) {
        socket.emit(command.event, command.data, (...args) => out({ type: 'ack', seq: command.seq, args }));
      } else {
        socket.emit(command.event, command.data);
      }
      break;
    case 'transport':
      out({ type: 'transport', transport: socket.io.engine ? socket.io.engine.transport.name : null, connected: socket.connected });
      break;
    case 'close':
      socket.close();
      setTimeout(() => process.exit(0), 100);
      break;
  }
});
process.stdin.on('end', () => { socket.close(); setTimeout(() => process.exit(0), 100); });
