// Random bytes as 32-bit words, printed as hex.
import { session } from './core.js';
import { call } from './errors.js';

export default class WordArray {
  constructor(words, sigBytes) {
    words = this.words = words || [];
    if (sigBytes !== undefined) {
      this.sigBytes = sigBytes;
    } else {
      this.sigBytes = words.length * 4;
    }
  }

  /** `nBytes` secure random bytes. */
  random(nBytes) {
    return WordArray.random(nBytes);
  }

  toString() {
    const words = Uint32Array.from(this.words, (w) => Number(w) >>> 0);
    return session().wordsToHex(words, Math.max(0, Math.min(this.sigBytes, words.length * 4)));
  }

  static random(nBytes) {
    const words = call(() => session().randomWords(nBytes));
    return new WordArray(Array.from(words), nBytes);
  }
}
