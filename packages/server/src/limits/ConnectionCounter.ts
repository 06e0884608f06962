/** Open connections per client address, for the per-IP limit. */
export class ConnectionCounter {
  readonly #byAddress = new Map<string, number>();

  /** Counts a connection unless the address already has `max` (0: no limit). */
  tryAdd(address: string, max: number): boolean {
    const count = this.#byAddress.get(address) ?? 0;
    if (max > 0 && count >= max) return false;
    this.#byAddress.set(address, count + 1);
    return true;
  }

  remove(address: string): void {
    const count = this.#byAddress.get(address) ?? 0;
    if (count <= 1) this.#byAddress.delete(address);
    else this.#byAddress.set(address, count - 1);
  }

  count(address: string): number {
    return this.#byAddress.get(address) ?? 0;
  }
}
