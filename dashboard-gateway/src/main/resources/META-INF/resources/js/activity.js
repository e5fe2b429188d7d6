// The audit trail of one device (GET /api/audit/devices/:id/events), newest first, filterable by event type, paged.

import { h, replace, formatTime } from './dom.js';
import { query } from './api.js';

const PAGE_SIZE = 20;
const EVENT_TYPES = [
  'device_connected', 'device_disconnected', 'device_heartbeat', 'door_status_changed', 'motion_detected',
  'low_battery', 'error_occurred', 'snapshot_ready', 'command_requested', 'command_dispatched', 'command_delivered',
  'command_ack', 'command_executed', 'command_failed', 'command_expired', 'command_timed_out', 'command_cancelled',
  'new_visitor', 'visitor_processed', 'logs_cleared',
];

/** A line of what the event says, from its payload: text only, cut to a readable length. */
function summary(event, me) {
  const parts = [];
  if (event.commandId) parts.push(`command ${event.commandId.slice(0, 8)}`);
  if (event.userId && event.userId === me?.id) parts.push('by you');
  const payload = event.payload && typeof event.payload === 'object' ? event.payload : {};
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'deviceId' || key === 'timestamp' || key === 'commandId') continue;
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    parts.push(`${key}: ${text}`);
  }
  const line = parts.join(', ');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

export class ActivityView {
  constructor(ctx) {
    this.ctx = ctx;
    this.page = 1;
    this.deviceSelect = document.getElementById('activity-device');
    this.typeSelect = document.getElementById('activity-type');
    this.body = document.querySelector('#activity-table tbody');
    this.pageLabel = document.getElementById('activity-page');
    this.prev = document.getElementById('activity-prev');
    this.next = document.getElementById('activity-next');
    this.error = document.getElementById('activity-error');
    for (const type of EVENT_TYPES) this.typeSelect.append(h('option', { value: type }, type.replaceAll('_', ' ')));
    this.deviceSelect.addEventListener('change', () => this.load(1));
    this.typeSelect.addEventListener('change', () => this.load(1));
    this.prev.addEventListener('click', () => this.load(this.page - 1));
    this.next.addEventListener('click', () => this.load(this.page + 1));
  }

  /** Fills the device choice; keeps the selection when it is still there. */
  setDevices(devices) {
    const selected = this.deviceSelect.value;
    replace(this.deviceSelect, devices.map((d) => h('option', { value: d.id }, d.name)));
    if (devices.some((d) => d.id === selected)) this.deviceSelect.value = selected;
    if (devices.length && (!selected || this.deviceSelect.value !== selected)) this.load(1);
    if (!devices.length) this.render(null);
  }

  /**
   * Something happened on a device: if its first page is on screen, read it again shortly (the trail stores
   * events in batches, so a moment later the new event is there).
   */
  nudge(deviceId) {
    if (deviceId !== this.deviceSelect.value || this.page !== 1) return;
    clearTimeout(this.nudgeTimer);
    this.nudgeTimer = setTimeout(() => this.load(1), 1500);
  }

  show(deviceId) {
    this.deviceSelect.value = deviceId;
    this.load(1);
    document.getElementById('activity').scrollIntoView({ behavior: 'smooth', block: 'start' });
    this.deviceSelect.focus({ preventScroll: true });
  }

  async load(page) {
    const deviceId = this.deviceSelect.value;
    if (!deviceId) return;
    this.page = Math.max(1, page);
    this.error.textContent = '';
    const type = this.typeSelect.value;
    const ticket = (this.ticket = {});
    try {
      const data = await this.ctx.api.get(`/api/audit/devices/${encodeURIComponent(deviceId)}/events${query({ type, page: this.page, limit: PAGE_SIZE })}`);
      if (ticket === this.ticket) this.render(data);
    } catch (e) {
      if (ticket !== this.ticket) return;
      this.error.textContent = e.status === 503 ? 'The audit trail is not answering right now; try again in a moment.' : e.message;
      this.render(null);
    }
  }

  render(data) {
    const events = data?.events ?? [];
    replace(this.body, events.length
      ? events.map((e) => h('tr', { 'data-event-type': e.eventType },
        h('td', {}, h('time', { datetime: e.timestamp }, formatTime(e.timestamp))),
        h('td', {}, e.eventType.replaceAll('_', ' ')),
        h('td', { class: 'details' }, summary(e, this.ctx.me))))
      : h('tr', {}, h('td', { colspan: 3, class: 'empty' }, data ? 'No events.' : '')));
    const pages = data ? Math.max(1, Math.ceil(data.total / data.limit)) : 1;
    this.pageLabel.textContent = data ? `Page ${data.page} of ${pages} (${data.total} events)` : '';
    this.prev.disabled = !data || data.page <= 1;
    this.next.disabled = !data || !data.hasMore;
  }
}
