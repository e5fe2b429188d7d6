// Visitors at the door: each pending visitor appears as it arrives (new_visitor), with its photo and a countdown
// to its expiry. Open and Deny are offered where the user has `control`; once anyone decides (here, in another tab,
// another user, or the expiry sweeper: visitor_processed), the buttons go, and an opened door's unlock is followed
// to its end.

import { h, replace, formatTime, countdown, toast } from './dom.js';
import { renderProgress } from './commands.js';

const DECISIONS = { granted: 'Opened', denied: 'Denied', expired: 'Expired: nobody answered' };

class VisitorCard {
  constructor(visitor, ctx) {
    this.ctx = ctx;
    this.visitor = visitor;
    const device = ctx.devices.get(visitor.deviceId);
    const where = device?.name ?? visitor.deviceId;
    this.photo = h('img', { class: 'photo', alt: `Visitor at ${where}, ${formatTime(visitor.timestamp)}`, width: 320, height: 240 });
    this.countdown = h('p', { class: 'countdown' });
    this.decision = h('p', { class: 'decision', role: 'status', 'aria-live': 'polite', tabindex: '-1' });
    this.progress = h('p', { class: 'command-progress', role: 'status', 'aria-live': 'polite' });
    this.error = h('p', { class: 'error', role: 'alert' });
    this.actions = h('div', { class: 'actions' });
    this.dismiss = h('button', { type: 'button', class: 'link', hidden: true, 'aria-label': `Dismiss the visitor at ${where}`, onclick: () => ctx.visitors.remove(visitor.id) }, 'Dismiss');
    this.el = h('li', { class: 'card visitor', 'data-visitor-id': visitor.id, 'data-state': visitor.status },
      this.photo,
      h('div', { class: 'visitor-body' },
        h('h3', {}, `Visitor at ${where}`),
        h('p', { class: 'when' }, 'Arrived ', h('time', { datetime: visitor.timestamp }, formatTime(visitor.timestamp))),
        this.countdown, this.actions, this.error, this.decision, this.progress, this.dismiss));
    if (visitor.status === 'pending' && device && (device.userPermissions ?? []).includes('control')) {
      this.actions.append(
        h('button', { type: 'button', class: 'primary', 'data-action': 'open', 'aria-label': `Open the door for the visitor at ${where}`, onclick: () => this.decide('open') }, 'Open'),
        h('button', { type: 'button', class: 'danger', 'data-action': 'deny', 'aria-label': `Deny the visitor at ${where}`, onclick: () => this.decide('deny') }, 'Deny'));
    }
    this.loadPhoto();
    this.tick();
    if (visitor.status !== 'pending') this.decided(visitor.status, visitor.adminId);
    if (visitor.commandId) this.follow(visitor.commandId);
  }

  async loadPhoto() {
    try {
      this.photoUrl = await this.ctx.api.visitorPhoto(this.visitor.id);
      this.photo.src = this.photoUrl;
    } catch (e) {
      this.photo.alt = `${this.photo.alt} (photo not available: ${e.message})`;
    }
  }

  tick() {
    if (this.visitor.status !== 'pending') return;
    const left = countdown(this.visitor.expiresAt);
    this.countdown.textContent = left ? `Expires in ${left}` : 'Expiring…';
  }

  async decide(action) {
    this.error.textContent = '';
    for (const b of this.actions.querySelectorAll('button')) b.disabled = true;
    const generation = this.ctx.generation();
    try {
      const data = await this.ctx.api.post(`/api/command/${action}`, { visitorLogId: this.visitor.id });
      if (generation !== this.ctx.generation()) return; // signed out meanwhile
      if (data?.commandId) this.follow(data.commandId);
      this.decided(action === 'open' ? 'granted' : 'denied', this.ctx.me?.id);
      this.decision.focus(); // the button that had focus is gone
    } catch (e) {
      if (generation !== this.ctx.generation()) return;
      if (e.status === 409) {
        this.error.textContent = 'Someone already answered this visitor, or it expired.';
        this.ctx.visitors.refresh(this.visitor.id); // show what did happen
      } else {
        this.error.textContent = e.message;
        for (const b of this.actions.querySelectorAll('button')) b.disabled = false;
      }
    }
  }

  /** visitor_processed, or our own decision: the buttons go, the outcome stays. */
  decided(decision, adminId) {
    this.visitor.status = decision;
    this.el.dataset.state = decision;
    replace(this.actions);
    this.countdown.textContent = '';
    const by = !adminId ? '' : adminId === this.ctx.me?.id ? ' by you' : ' by another user';
    this.decision.textContent = `${DECISIONS[decision] ?? decision}${decision === 'expired' ? '' : by}.`;
    this.dismiss.hidden = false;
    if (decision === 'granted' && !this.commandId) {
      // Decided elsewhere: the visitor log names the unlock's command.
      this.ctx.api.get(`/api/door/logs/${encodeURIComponent(this.visitor.id)}`)
        .then((v) => v?.commandId && this.follow(v.commandId))
        .catch(() => {});
    }
  }

  follow(commandId) {
    if (this.commandId === commandId) return;
    this.commandId = commandId;
    this.ctx.commands.watch(commandId, (status) => renderProgress(this.progress, { command: 'unlock_door', ...status }));
  }

  destroy() {
    if (this.photoUrl) URL.revokeObjectURL(this.photoUrl);
    this.el.remove();
  }
}

export class VisitorList {
  constructor(ctx) {
    this.ctx = ctx;
    this.cards = new Map();
    /** Decisions heard for visitors whose card is still being fetched: applied when it is added. */
    this.early = new Map();
    this.list = document.getElementById('visitor-list');
    this.empty = document.getElementById('no-visitors');
  }

  /** The pending visitors from GET /api/door/logs/pending; decided cards already shown stay until dismissed. */
  setPending(visitors) {
    // The list comes newest first; each card goes on top, so the oldest is added first.
    for (const visitor of [...visitors].reverse()) this.add(visitor);
    const pending = new Set(visitors.map((v) => v.id));
    for (const [id, card] of this.cards) {
      if (card.visitor.status === 'pending' && !pending.has(id)) this.refresh(id);
    }
    this.updateEmpty();
  }

  add(visitor) {
    if (this.cards.has(visitor.id)) return;
    const card = new VisitorCard(visitor, this.ctx);
    this.cards.set(visitor.id, card);
    const early = this.early.get(visitor.id);
    if (early && visitor.status === 'pending') card.decided(early.decision, early.adminId);
    this.early.delete(visitor.id);
    this.list.prepend(card.el);
    this.updateEmpty();
  }

  /** new_visitor {visitorId, imageUrl, deviceId, timestamp}: the log has the expiry. */
  async arrived(event) {
    const generation = this.ctx.generation();
    try {
      const visitor = await this.ctx.api.get(`/api/door/logs/${encodeURIComponent(event.visitorId)}`);
      if (generation !== this.ctx.generation()) return; // signed out meanwhile: not this user's to see
      this.add(visitor);
      if (visitor.status === 'pending') toast(`Someone is at ${this.ctx.devices.get(visitor.deviceId)?.name ?? 'the door'}`);
    } catch (e) {
      if (generation === this.ctx.generation()) toast(`A visitor arrived, but could not be shown: ${e.message}`, 'error');
    }
  }

  processed(event) {
    const card = this.cards.get(event.visitorId);
    if (card) card.decided(event.decision, event.adminId);
    else this.early.set(event.visitorId, event);
  }

  async refresh(id) {
    const generation = this.ctx.generation();
    try {
      const visitor = await this.ctx.api.get(`/api/door/logs/${encodeURIComponent(id)}`);
      if (generation !== this.ctx.generation()) return;
      const card = this.cards.get(id);
      if (visitor.status !== 'pending' && card && card.visitor.status === 'pending') card.decided(visitor.status, visitor.adminId);
    } catch (e) {
      if (e.status === 403) this.remove(id); // no longer this user's to see (a share was revoked)
    }
  }

  remove(id) {
    this.cards.get(id)?.destroy();
    this.cards.delete(id);
    this.updateEmpty();
  }

  clear() {
    for (const id of [...this.cards.keys()]) this.remove(id);
    this.early.clear();
  }

  tick() {
    for (const card of this.cards.values()) card.tick();
  }

  updateEmpty() {
    this.empty.hidden = this.cards.size > 0;
  }
}
