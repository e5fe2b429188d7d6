// test-socket-auth.js from the seed's "Testing" section, unchanged but for where it connects and which token it uses
// (DOORLOCK_URL, DOORLOCK_TOKEN), and that it exits once both sockets have answered.
const io = require('socket.io-client');

// Test with valid token
const socket1 = io(process.env.DOORLOCK_URL, {
  auth: {
    token: process.env.DOORLOCK_TOKEN,
    clientType: 'dashboard'
  }
});

socket1.on('connect', () => {
  console.log('✅ Connected with valid token');
  done();
});

socket1.on('connect_error', (error) => {
  console.error('❌ Connection error:', error.message);
  done();
});

// Test with invalid token
const socket2 = io(process.env.DOORLOCK_URL, {
  auth: {
    token: 'invalid_token',
    clientType: 'dashboard'
  }
});

socket2.on('connect_error', (error) => {
  console.log('✅ Invalid token rejected:', error.message);
  done();
});

let answered = 0;
function done() {
  if (++answered === 2) {
    socket1.close();
    socket2.close();
    setTimeout(() => process.exit(0), 100);
  }
}
setTimeout(() => { console.error('timed out'); process.exit(2); }, 20000);
