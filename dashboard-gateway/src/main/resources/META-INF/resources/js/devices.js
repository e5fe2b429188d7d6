// The devices the user owns or shares: one card per device, updated in place by WebSocket events (so focus,
// open panels and typed text survive), with command buttons only where the user has `control`, and sharing and
// token rotation only for the owner (an `admin` share changes the device, but never owns it).

import { h, replace, ago, formatTime, toast } from './dom.js';
import { renderProgress, commandLabel } from './commands.js';

const TYPES = { 'door-lock': 'Door lock', 'esp32-cam': 'Camera', 'motion-sensor': 'Motion sensor' };
const COMMANDS = {
  'door-lock': ['lock_door', 'unlock_door'],
  'esp32-cam': ['lock_door', 'unlock_door', 'request_snapshot'],
  'motion-sensor': [],
};

function may(device, permission) {
  return (device.userPermissions ?? []).includes(permission);
}

function owns(device, me) {
  return Boolean(me?.id) && device.userId === me.id;
}

function accessLabel(device, me) {
  if (owns(device, me)) return 'Owner';
  if (may(device, 'admin')) return 'Shared: admin';
  if (may(device, 'control')) return 'Shared: control';
  return 'Shared: view only';
}

function shareLabel(permissions) {
  if (permissions.includes('admin')) return 'view, control and device settings';
  return permissions.includes('control') ? 'view and control' : 'view';
}

function linksLabel(device) {
  if (device.status !== 'online') return '—';
  if (device.hasSocket && device.hasMqtt) return 'WebSocket and MQTT';
  if (device.hasSocket) return 'WebSocket';
  if (device.hasMqtt) return 'MQTT';
  return 'connected';
}

class DeviceCard {
  constructor(device, ctx) {
    this.ctx = ctx;
    this.device = device;
    this.name = h('h3', { class: 'device-name' });
    this.status = h('span', { class: 'badge' });
    this.type = h('dd');
    this.links = h('dd', { class: 'links' });
    this.battery = h('dd', { class: 'battery' });
    this.lastSeen = h('dd', { class: 'last-seen' });
    this.access = h('dd', { class: 'access' });
    this.progress = h('p', { class: 'command-progress', role: 'status', 'aria-live': 'polite' });
    this.actions = h('div', { class: 'actions' });
    this.manage = h('div', { class: 'manage-slot' });
    this.el = h('li', { class: 'card device', 'data-device-id': device.id },
      h('div', { class: 'card-head' }, this.name, this.status),
      h('dl', { class: 'facts' },
        h('div', {}, h('dt', {}, 'Type'), this.type),
        h('div', {}, h('dt', {}, 'Connection'), this.links),
        h('div', {}, h('dt', {}, 'Battery'), this.battery),
        h('div', {}, h('dt', {}, 'Last seen'), this.lastSeen),
        h('div', {}, h('dt', {}, 'Access'), this.access)),
      this.actions,
      this.progress,
      h('div', { class: 'card-foot' },
        this.activityButton = h('button', { type: 'button', class: 'link', onclick: () => ctx.showActivity(this.device.id) }, 'Activity'),
        this.manage));
    this.render();
  }

  update(changes) {
    const permissionsBefore = JSON.stringify(this.device.userPermissions);
    const sharesBefore = JSON.stringify(this.device.sharedWith);
    Object.assign(this.device, changes);
    this.render(permissionsBefore !== JSON.stringify(this.device.userPermissions));
    if (sharesBefore !== JSON.stringify(this.device.sharedWith)) this.renderShares();
  }

  /**
   * Text fields every time; the buttons and the owner's panel only when permissions changed, so an open panel,
   * what is typed in it and the focus survive live updates.
   */
  render(permissionsChanged = true) {
    const d = this.device;
    this.name.textContent = d.name;
    this.status.textContent = d.status === 'online' ? 'Online' : 'Offline';
    this.status.dataset.status = d.status;
    this.el.dataset.status = d.status;
    this.type.textContent = TYPES[d.deviceType] ?? d.deviceType;
    this.links.textContent = linksLabel(d);
    this.battery.textContent = Number.isInteger(d.batteryLevel) ? `${d.batteryLevel} %` : 'unknown';
    this.battery.classList.toggle('low', Number.isInteger(d.batteryLevel) && d.batteryLevel < 20);
    this.tickLastSeen();
    this.access.textContent = accessLabel(d, this.ctx.me);
    this.activityButton.setAttribute('aria-label', `Activity of ${d.name}`);
    if (!permissionsChanged && this.built) return;
    this.built = true;
    replace(this.actions, may(d, 'control')
      ? (COMMANDS[d.deviceType] ?? []).map((command) => h('button', {
        type: 'button', class: command === 'unlock_door' ? 'primary' : '', 'data-command': command,
        'aria-label': `${commandLabel(command)} ${d.name}`, onclick: () => this.send(command),
      }, commandLabel(command)))
      : []);
    replace(this.manage, owns(d, this.ctx.me) ? this.ownerPanel() : []);
  }

  tickLastSeen() {
    const d = this.device;
    replace(this.lastSeen, d.lastSeen ? h('time', { datetime: d.lastSeen, title: formatTime(d.lastSeen) }, ago(d.lastSeen)) : 'never');
  }

  async send(command) {
    const payload = command === 'unlock_door' ? { duration: 5000 } : command === 'request_snapshot' ? { quality: 'high' } : {};
    try {
      const reply = await this.ctx.request('send_command', { deviceId: this.device.id, command, payload });
      this.ctx.commands.apply({ ...reply.data, command, deviceId: this.device.id });
    } catch (error) {
      toast(`${commandLabel(command)} ${this.device.name}: ${error.message}`, 'error');
    }
  }

  showCommand(status) {
    renderProgress(this.progress, status);
  }

  ownerPanel() {
    const d = this.device;
    const username = h('input', { id: `share-user-${d.id}`, name: 'username', required: true, autocomplete: 'off' });
    const permission = h('select', { id: `share-perm-${d.id}`, name: 'permission' },
      h('option', { value: 'view' }, 'View'), h('option', { value: 'control' }, 'View and control'),
      h('option', { value: 'admin' }, 'View, control and device settings'));
    this.shareError = h('p', { class: 'error', role: 'alert' });
    this.shares = h('div', { class: 'shares-slot' });
    const form = h('form', { class: 'share-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.share(username, permission); } },
      h('label', { for: username.id }, 'Share with (username)'), username,
      h('label', { for: permission.id }, 'Permission'), permission,
      h('button', { type: 'submit' }, 'Share'));
    this.secret = h('div', { class: 'secret-slot' });
    const rotate = h('div', { class: 'rotate' });
    const askRotateButton = h('button', { type: 'button', onclick: () => {
      replace(rotate,
        h('p', {}, 'The device\'s current token stops working at once, and its connections close.'),
        h('button', { type: 'button', class: 'danger', onclick: () => this.rotate(rotate, askRotateButton) }, 'Rotate now'),
        h('button', { type: 'button', onclick: () => { replace(rotate, askRotateButton); askRotateButton.focus(); } }, 'Keep the token'));
      rotate.querySelector('button').focus();
    }, 'aria-label': `Rotate token of ${d.name}` }, 'Rotate token');
    replace(rotate, askRotateButton);
    this.renderShares();
    return h('details', { class: 'manage' }, h('summary', { 'aria-label': `Sharing and token of ${d.name}` }, 'Sharing and token'),
      h('h4', {}, 'Shared with'), this.shares,
      form, this.shareError, h('h4', {}, 'Device token'), rotate, this.secret);
  }

  renderShares() {
    if (!this.shares) return;
    const d = this.device;
    const list = d.sharedWith ?? [];
    replace(this.shares, list.length
      ? h('ul', { class: 'shares' }, list.map((s) => {
        const who = s.username ?? s.userId;
        return h('li', {},
          h('span', {}, `${who}: ${shareLabel(s.permissions)}`),
          h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke ${who}'s access to ${d.name}`, onclick: () => this.revoke(s) }, 'Revoke'));
      }))
      : h('p', { class: 'empty' }, 'Nobody.'));
  }

  async share(username, permission) {
    const error = this.shareError;
    error.textContent = '';
    const name = username.value.trim();
    if (!name) {
      error.textContent = 'Enter a username.';
      username.focus();
      return;
    }
    try {
      const view = await this.ctx.api.post(`/api/device/${encodeURIComponent(this.device.id)}/share`,
        { username: name, permissions: [permission.value] });
      this.update({ sharedWith: view.sharedWith ?? [] });
      username.value = '';
      toast(`${this.device.name} shared with ${name}`);
    } catch (e) {
      error.textContent = e.status === 404 ? `There is no user called ${name}.` : e.message;
    }
  }

  async revoke(share) {
    const error = this.shareError;
    error.textContent = '';
    try {
      await this.ctx.api.del(`/api/device/${encodeURIComponent(this.device.id)}/share/${encodeURIComponent(share.userId)}`);
      this.update({ sharedWith: (this.device.sharedWith ?? []).filter((s) => s.userId !== share.userId) });
      this.shares.closest('details')?.querySelector('input')?.focus(); // the button that had focus is gone
      toast(`${share.username ?? share.userId} no longer has access to ${this.device.name}`);
    } catch (e) {
      error.textContent = e.message;
    }
  }

  async rotate(rotate, askRotateButton) {
    try {
      const { data, message } = await this.ctx.api.postForMessage(`/api/device/${encodeURIComponent(this.device.id)}/token/rotate`);
      replace(rotate, askRotateButton);
      replace(this.secret, secretBox(`New token for ${this.device.name}`, data.deviceToken, message));
      this.secret.querySelector('button').focus();
    } catch (e) {
      replace(rotate, askRotateButton, h('p', { class: 'error', role: 'alert' }, e.message));
    }
  }
}

/**
 * A token shown once, with a copy button. `message` is the server's answer, which says so when the gateways or the
 * broker could not be told yet (then the token may not work until it is rotated again).
 */
export function secretBox(title, token, message = '') {
  const code = h('code', { class: 'token' }, token);
  const status = h('span', { role: 'status' });
  const warning = /could not|not reach|retry|again/i.test(message) ? h('p', { class: 'error', role: 'alert' }, message) : null;
  return h('div', { class: 'secret' },
    h('p', {}, `${title}. It is shown only this once: copy it into the device now.`),
    warning,
    code,
    h('button', {
      type: 'button', onclick: async () => {
        try {
          await navigator.clipboard.writeText(token);
          status.textContent = 'Copied.';
        } catch {
          getSelection().selectAllChildren(code);
          status.textContent = 'Selected: press Ctrl+C to copy.';
        }
      },
    }, 'Copy token'),
    status);
}

export class DeviceList {
  constructor(ctx) {
    this.ctx = ctx;
    this.cards = new Map();
    this.list = document.getElementById('device-list');
    this.empty = document.getElementById('no-devices');
  }

  /** Sets the whole list from GET /api/device, keeping the cards (and what is open in them) of known devices. */
  setAll(devices) {
    const ids = new Set(devices.map((d) => d.id));
    for (const [id, card] of this.cards) {
      if (!ids.has(id)) {
        card.el.remove();
        this.cards.delete(id);
      }
    }
    for (const device of devices) {
      const card = this.cards.get(device.id);
      if (card) card.update(device);
      else this.add(device);
    }
    this.empty.hidden = this.cards.size > 0;
  }

  add(device) {
    const card = new DeviceCard(device, this.ctx);
    this.cards.set(device.id, card);
    this.list.append(card.el);
    this.empty.hidden = true;
    return card;
  }

  get(id) {
    return this.cards.get(id)?.device;
  }

  all() {
    return [...this.cards.values()].map((c) => c.device);
  }

  /** device_status, device_connected, device_disconnected. */
  status(deviceId, changes) {
    this.cards.get(deviceId)?.update(changes);
  }

  command(status) {
    if (status.deviceId) this.cards.get(status.deviceId)?.showCommand(status);
  }

  tick() {
    for (const card of this.cards.values()) card.tickLastSeen();
  }
}
