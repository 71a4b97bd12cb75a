// The Cognito timestamp of now (`Tue Dec 1 15:04:05 UTC 2026`), as SRP signatures carry it.
import { session } from './core.js';

export default class DateHelper {
  getNowString() {
    return session().nowString();
  }
}
