// The signed-in user. The access token lives in sessionStorage (this tab only, gone when it closes), never in
// localStorage, and is sent only as a Bearer header or in the WebSocket's first frame.

const KEY = 'doorlock.session';

export function load() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (saved && saved.token && new Date(saved.expiresAt).getTime() > Date.now()) return saved;
  } catch {
    // unreadable: treat as signed out
  }
  sessionStorage.removeItem(KEY);
  return null;
}

export function save(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clear() {
  sessionStorage.removeItem(KEY);
}
