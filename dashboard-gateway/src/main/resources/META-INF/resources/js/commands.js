// What the console knows about commands: the latest command_status of each (by revision, so a late frame never
// moves a command backwards), and the elements that show a command's progress.

import { h } from './dom.js';

const STEPS = ['queued', 'sent', 'received', 'executed'];
const FINAL = new Set(['executed', 'failed', 'expired', 'timed_out', 'cancelled']);

const LABELS = {
  lock_door: 'Lock',
  unlock_door: 'Unlock',
  request_snapshot: 'Snapshot',
  update_settings: 'Settings',
  restart_device: 'Restart',
  firmware_update: 'Firmware update',
};

const STATES = {
  queued: 'queued',
  sent: 'sent to the device',
  received: 'received by the device',
  executed: 'executed',
  failed: 'failed',
  expired: 'expired before the device could take it',
  timed_out: 'timed out waiting for the device',
  cancelled: 'cancelled',
};

export function commandLabel(command) {
  return LABELS[command] ?? command ?? 'Command';
}

export function isFinal(status) {
  return FINAL.has(status);
}

export class CommandTracker {
  constructor() {
    this.known = new Map();
    this.watchers = new Map();
  }

  /** Applies a command_status; answers false when it is older than what is known. */
  apply(status) {
    const before = this.known.get(status.commandId);
    if (before && (status.revision ?? 0) < (before.revision ?? 0)) return false;
    if (before && isFinal(before.status) && !isFinal(status.status)) return false;
    const merged = { ...before, ...status };
    merged.furthest = Math.max(before?.furthest ?? -1, STEPS.indexOf(status.status));
    this.known.set(status.commandId, merged);
    for (const watcher of this.watchers.get(status.commandId) ?? []) watcher(merged);
    return true;
  }

  /** Unfinished commands: read again after a reconnect, since their news may have come while away. */
  unfinished() {
    return [...this.known.values()].filter((c) => !isFinal(c.status));
  }

  /** Forgets everything (sign-out). */
  clear() {
    this.known.clear();
    this.watchers.clear();
  }

  get(commandId) {
    return this.known.get(commandId);
  }

  /** Calls fn with the command's status now (if known) and on every change. */
  watch(commandId, fn) {
    if (!this.watchers.has(commandId)) this.watchers.set(commandId, new Set());
    this.watchers.get(commandId).add(fn);
    const now = this.known.get(commandId);
    if (now) fn(now);
  }
}

/** Renders a command's progress into `el` (a role=status element): "Unlock: sent to the device", and step marks. */
export function renderProgress(el, status) {
  el.dataset.status = status.status;
  el.dataset.commandId = status.commandId;
  const reached = status.furthest ?? STEPS.indexOf(status.status);
  const stoppedShort = isFinal(status.status) && status.status !== 'executed';
  const steps = h('ol', { class: 'steps', 'aria-hidden': 'true' },
    STEPS.map((step, i) => h('li', { class: i <= reached ? 'done' : stoppedShort && i === reached + 1 ? 'stopped' : '' }, step)));
  const text = `${commandLabel(status.command)}: ${STATES[status.status] ?? status.status}`;
  const error = status.errorMessage ? ` (${status.errorMessage})` : '';
  el.replaceChildren(h('span', { class: 'progress-text' }, text + error), steps);
}
