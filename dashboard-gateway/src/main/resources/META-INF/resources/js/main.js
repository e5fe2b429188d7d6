// The owners' console: signs in, then keeps the devices, visitors and commands on screen live over the dashboard
// WebSocket. It is a plain client of the public API (REST under /api and /ws/dashboard), nothing more.

import { h, replace, toast } from './dom.js';
import * as sessions from './session.js';
import { createApi } from './api.js';
import { Live } from './live.js';
import { CommandTracker } from './commands.js';
import { DeviceList, secretBox } from './devices.js';
import { VisitorList } from './visitors.js';
import { ActivityView } from './activity.js';

const REQUEST_TIMEOUT_MS = 10000;
const STATUS_BURST = 150;
const STATUS_PER_SECOND = 15;
const AUTH_ERRORS = new Set(['AUTH_FAILED', 'TOKEN_EXPIRED', 'UNAUTHENTICATED']);

const el = {
  signIn: document.getElementById('sign-in'),
  signInForm: document.getElementById('sign-in-form'),
  signInError: document.getElementById('sign-in-error'),
  console: document.getElementById('console'),
  account: document.getElementById('account'),
  accountName: document.getElementById('account-name'),
  signOut: document.getElementById('sign-out'),
  connection: document.getElementById('connection'),
  alerts: document.getElementById('alerts'),
  alertList: document.getElementById('alert-list'),
  addDeviceForm: document.getElementById('add-device-form'),
  addDeviceToken: document.getElementById('add-device-token'),
};

let session = null;
let live = null;
let everLive = false;
/** Bumped at every sign-in and sign-out: an answer that arrives for an older one is dropped. */
let generation = 0;
const pending = new Map();
const commands = new CommandTracker();

const api = createApi(() => session?.token, () => signedOut('Your session ended; sign in again.'));

const ctx = {
  api,
  commands,
  get me() {
    return session?.user ?? null;
  },
  generation: () => generation,
  request,
  showActivity: (deviceId) => activity.show(deviceId),
};
const devices = new DeviceList(ctx);
ctx.devices = devices;
const visitors = new VisitorList(ctx);
ctx.visitors = visitors;
const activity = new ActivityView(ctx);

/** A WebSocket request; resolves with its direct answer, rejects with its error. */
function request(event, data) {
  return new Promise((resolve, reject) => {
    const id = live?.send(event, data);
    if (!id) {
      reject(new Error('not connected; try again in a moment'));
      return;
    }
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error('no answer from the server'));
    }, REQUEST_TIMEOUT_MS);
    pending.set(id, { resolve, reject, timer });
  });
}

function onFrame(frame) {
  const waiting = frame.id && pending.get(frame.id);
  if (waiting) {
    pending.delete(frame.id);
    clearTimeout(waiting.timer);
    if (frame.event === 'error') waiting.reject(new Error(frame.data?.message ?? 'refused'));
    else waiting.resolve(frame);
  }
  const data = frame.data ?? {};
  if (data.deviceId && frame.event !== 'device_status') activity.nudge(data.deviceId);
  switch (frame.event) {
    case 'authenticated':
      onLive();
      break;
    case 'device_status':
      devices.status(data.deviceId, pick(data, ['status', 'hasSocket', 'hasMqtt', 'lastSeen', 'batteryLevel']));
      break;
    case 'device_connected':
      devices.status(data.deviceId, { status: 'online', lastSeen: data.timestamp });
      break;
    case 'device_disconnected':
      devices.status(data.deviceId, { status: 'offline', hasSocket: false, hasMqtt: false, lastSeen: data.timestamp ?? new Date().toISOString() });
      break;
    case 'command_status':
      if (commands.apply(data)) devices.command(commands.get(data.commandId));
      break;
    case 'new_visitor':
      // A device shared a moment ago is read first, so that the card knows its name and the user's permission.
      (devices.get(data.deviceId) ? Promise.resolve() : refreshDevices()).catch(() => {}).then(() => visitors.arrived(data));
      break;
    case 'visitor_processed':
      visitors.processed(data);
      break;
    case 'system_alert':
      el.alerts.hidden = false;
      el.alertList.prepend(h('li', { 'data-level': data.level }, `${data.level === 'error' ? 'Error' : 'Warning'}: ${data.message}`));
      break;
    case 'error':
      // A credentials error comes just before the server closes the socket (4401/4403): onAuthLost says it.
      if (!waiting && !AUTH_ERRORS.has(data.code)) toast(data.message ?? 'the server refused a request', 'error');
      break;
    default:
      break;
  }
}

/** Only the fields the event has: an absent battery level keeps the one shown. */
function pick(data, keys) {
  const out = {};
  for (const key of keys) if (data[key] !== undefined && data[key] !== null) out[key] = data[key];
  return out;
}

async function onLive() {
  // What happened between the REST reads and this socket (or while it was away) is not replayed: read it again,
  // devices before visitors (a visitor's card needs its device), then ask every device's live status.
  const mine = generation;
  const reconnect = everLive;
  everLive = true;
  try {
    await refreshDevices();
    await refreshVisitors();
    if (reconnect) await refreshCommands();
  } catch (e) {
    if (mine === generation) toast(`Could not read everything again: ${e.message}`, 'error');
  }
  if (mine !== generation) return;
  // The answers are device_status frames, applied by onFrame like any other. Paced under the gateway's flood limit
  // (bursts of 200, then 20 frames/s): the first 150 at once, then 15 a second.
  devices.all().forEach((device, i) => {
    const ask = () => {
      if (mine === generation) request('request_device_status', { deviceId: device.id }).catch(() => {});
    };
    if (i < STATUS_BURST) ask();
    else setTimeout(ask, Math.ceil((i - STATUS_BURST + 1) * (1000 / STATUS_PER_SECOND)));
  });
}

async function refreshDevices() {
  const mine = generation;
  const list = await api.get('/api/device');
  if (mine !== generation) return;
  devices.setAll(list ?? []);
  activity.setDevices(devices.all());
}

async function refreshVisitors() {
  const mine = generation;
  const page = await api.get('/api/door/logs/pending');
  if (mine === generation) visitors.setPending(page?.items ?? []);
}

/** Commands still on their way when the socket dropped: their latest state, from each device's history. */
async function refreshCommands() {
  const byDevice = new Set(commands.unfinished().map((c) => c.deviceId).filter(Boolean));
  for (const deviceId of byDevice) {
    const page = await api.get(`/api/device/${encodeURIComponent(deviceId)}/commands?limit=50`);
    for (const item of page?.items ?? []) {
      if (commands.get(item.commandId) && commands.apply(item)) devices.command(commands.get(item.commandId));
    }
  }
}

const CONNECTION_TEXT = {
  connecting: () => 'Connecting…',
  live: () => 'Live',
  reconnecting: () => 'Connection lost; reconnecting…',
  stopped: () => 'Not connected',
};

function onState(state, detail) {
  // Each retry's "connecting" is not announced again while reconnecting: the live region says it once.
  if (state === 'connecting' && el.connection.dataset.state === 'reconnecting') return;
  el.connection.dataset.state = state;
  el.connection.textContent = CONNECTION_TEXT[state](detail);
}

async function start(saved) {
  session = saved;
  generation += 1;
  const mine = generation;
  el.signIn.hidden = true;
  el.console.hidden = false;
  el.account.hidden = false;
  el.accountName.textContent = session.user.username;
  document.getElementById('main').focus(); // the sign-in button that had focus is hidden now
  try {
    await refreshDevices();
    await refreshVisitors();
  } catch (e) {
    if (mine === generation) toast(`Could not load everything: ${e.message}`, 'error');
  }
  if (mine !== generation) return; // signed out while loading
  everLive = false;
  live = new Live({ token: session.token, onEvent: onFrame, onState, onAuthLost: (reason) => signedOut(`Signed out: ${reason}.`) });
  live.start();
}

function signedOut(message) {
  generation += 1;
  live?.stop();
  live = null;
  session = null;
  sessions.clear();
  for (const p of pending.values()) {
    clearTimeout(p.timer);
    p.reject(new Error('signed out'));
  }
  pending.clear();
  // Nothing of this user stays on the page for the next one: tokens shown once, alerts, commands.
  commands.clear();
  replace(el.addDeviceToken);
  replace(el.alertList);
  el.alerts.hidden = true;
  visitors.clear();
  devices.setAll([]);
  activity.setDevices([]);
  el.console.hidden = true;
  el.account.hidden = true;
  el.signIn.hidden = false;
  el.signInError.textContent = message ?? '';
  document.getElementById('username').focus();
}

el.signInForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  el.signInError.textContent = '';
  const username = el.signInForm.username.value.trim();
  const password = el.signInForm.password.value;
  if (!username || !password) {
    el.signInError.textContent = 'Enter your username and password.';
    return;
  }
  const button = el.signInForm.querySelector('button');
  button.disabled = true;
  try {
    const data = await api.post('/api/auth/login', { username, password });
    el.signInForm.password.value = '';
    const saved = { token: data.token, expiresAt: data.expiresAt, user: data.user };
    sessions.save(saved);
    await start(saved);
  } catch (e) {
    el.signInError.textContent = e.status === 401 ? 'Wrong username or password.'
      : e.status === 429 ? 'Too many attempts; wait a little and try again.' : e.message;
  } finally {
    button.disabled = false;
  }
});

el.signOut.addEventListener('click', async () => {
  // The socket goes first, so the server's "signed out" on it is not shown as an error.
  live?.stop();
  try {
    await api.post('/api/auth/logout');
  } catch {
    // the token is dropped here either way
  }
  signedOut('You are signed out.');
});

el.addDeviceForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = el.addDeviceForm;
  const error = form.querySelector('.error');
  error.textContent = '';
  try {
    const { data: view, message } = await api.postForMessage('/api/device/register', {
      name: form.name.value.trim(), espId: form.espId.value.trim(), deviceType: form.deviceType.value,
    });
    const { deviceToken, ...device } = view;
    devices.add(device);
    activity.setDevices(devices.all());
    replace(el.addDeviceToken, secretBox(`Token for ${device.name} (device id ${device.id})`, deviceToken, message));
    el.addDeviceToken.querySelector('button').focus();
    form.reset();
  } catch (e) {
    error.textContent = e.message;
  }
});

setInterval(() => {
  visitors.tick();
  devices.tick();
}, 1000);

for (const button of document.querySelectorAll('form button[type=submit]')) button.disabled = false;

const saved = sessions.load();
if (saved) {
  // A reload in the same tab: check the token is still good before showing anything. Only a 401 signs out; the
  // server being away for a moment does not (the socket keeps trying).
  session = saved;
  api.get('/api/auth/me')
    .then((user) => start({ ...saved, user }))
    .catch((e) => (e.status === 401 ? signedOut('Your session ended; sign in again.') : start(saved)));
} else {
  signedOut('');
}
