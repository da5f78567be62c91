import { cloneAdmissionState, type AdmissionState, type AdmissionStateStore, type AdmissionStateUpdate } from './admission-state.js';

/** Admission state of one process, in a map. */
export class InMemoryAdmissionStateStore implements AdmissionStateStore {
  private readonly states = new Map<string, AdmissionState>();

  /** Copy of the state of `key`. */
  get(key: string): AdmissionState | undefined {
    const state = this.states.get(key);
    return state === undefined ? undefined : cloneAdmissionState(state);
  }

  /**
   * Runs `fn` on a copy and stores its `next` only when it returns normally. The copy `fn` got and
   * returns is stored as it is (nothing else holds it); any other `next` is copied.
   */
  update<T>(key: string, fn: (state: AdmissionState | undefined) => AdmissionStateUpdate<T>): T {
    const copy = this.get(key);
    const { next, result } = fn(copy);
    if (next === undefined) this.states.delete(key);
    else this.states.set(key, next === copy ? next : cloneAdmissionState(next));
    return result;
  }

  /** Keys with a state. */
  keys(): string[] {
    return [...this.states.keys()];
  }
}
