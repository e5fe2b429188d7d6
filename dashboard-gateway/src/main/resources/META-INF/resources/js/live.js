// The dashboard WebSocket (/ws/dashboard): authenticates with its first frame (a browser cannot set headers on a
// WebSocket), hands every server event to the console, and reconnects with exponential backoff and jitter
// (0.5 s doubling to 30 s) whenever the server goes away. A close for bad or revoked credentials (4401, 4403)
// is not retried: the console signs out instead.

const AUTH_CLOSES = new Set([4401, 4403]);
const MAX_DELAY_MS = 30000;

export class Live {
  /**
   * onEvent(frame) gets every parsed frame; onState(state, detail) hears 'connecting', 'live',
   * 'reconnecting' (detail: ms until the next try) and 'stopped'; onAuthLost(reason) a credentials close.
   */
  constructor({ token, onEvent, onState, onAuthLost }) {
    this.token = token;
    this.onEvent = onEvent;
    this.onState = onState;
    this.onAuthLost = onAuthLost;
    this.attempt = 0;
    this.seq = 0;
    this.ws = null;
    this.authenticated = false;
    this.stopped = true;
    this.timer = null;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close(1000, 'signed out');
    this.ws = null;
    this.onState('stopped');
  }

  /** Sends a request; answers its id (the direct answer carries it), or null when not connected. */
  send(event, data) {
    if (!this.ws || !this.authenticated || this.ws.readyState !== WebSocket.OPEN) return null;
    const id = `c${++this.seq}`;
    this.ws.send(JSON.stringify({ event, data, id }));
    return id;
  }

  connect() {
    this.onState('connecting');
    this.authenticated = false;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/dashboard`;
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.addEventListener('open', () => {
      ws.send(JSON.stringify({ event: 'authenticate', data: { token: this.token }, id: 'auth' }));
    });
    ws.addEventListener('message', (message) => {
      let frame;
      try {
        frame = JSON.parse(message.data);
      } catch {
        return;
      }
      if (frame.event === 'authenticated') {
        this.authenticated = true;
        this.attempt = 0;
        this.onState('live');
      }
      this.onEvent(frame);
    });
    ws.addEventListener('close', (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.authenticated = false;
      if (this.stopped) return;
      if (AUTH_CLOSES.has(event.code)) {
        this.stopped = true;
        this.onState('stopped');
        this.onAuthLost(event.reason || 'signed out');
        return;
      }
      const ceiling = Math.min(MAX_DELAY_MS, 500 * 2 ** this.attempt);
      this.attempt += 1;
      const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
      this.onState('reconnecting', delay);
      this.timer = setTimeout(() => this.connect(), delay);
    });
  }
}
