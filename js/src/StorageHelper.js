// Where sessions live by default: `window.localStorage` when it accepts a write (probed as the
// reference probes it), else a MemoryStorage of the pool's own. Unlike the reference's
// process-wide memory store, each MemoryStorage is separate, so two pools never share tokens.

/** An in-memory store with the `localStorage` shape. */
export class MemoryStorage {
  constructor() {
    Object.defineProperty(this, 'items', { value: new Map() });
  }

  setItem(key, value) {
    this.items.set(String(key), String(value));
    return this.items.get(String(key));
  }

  /** The value, or `undefined` (as the reference's memory store answers). */
  getItem(key) {
    return this.items.get(String(key));
  }

  removeItem(key) {
    return this.items.delete(String(key)) || true;
  }

  clear() {
    this.items.clear();
    return {};
  }

  /** Number of stored keys (not in the reference). */
  get length() {
    return this.items.size;
  }
}

export default class StorageHelper {
  constructor() {
    try {
      this.storageWindow = window.localStorage;
      this.storageWindow.setItem('aws.cognito.test-ls', 1);
      this.storageWindow.removeItem('aws.cognito.test-ls');
    } catch (exception) {
      this.storageWindow = new MemoryStorage();
    }
  }

  getStorage() {
    return this.storageWindow;
  }
}
